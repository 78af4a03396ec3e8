using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Nojor;
using Nojor.Testing.Benchmarks;
using Npgsql;

/// <summary>
/// Splits publish-to-webhook latency into hops using the timestamps the platform stores anyway: the outbox row's
/// occurred/published times (article service), and the alert's and delivery's times (notification service).
/// All clocks are this machine's.
/// </summary>
internal static class HopBreakdown
{
    public static async Task<string> MeasureAsync(DistributedApplication app, DateTimeOffset since)
    {
        var published = new Dictionary<string, (DateTimeOffset Occurred, DateTimeOffset Published)>();
        await using (var articles = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.ArticleDatabase)))
        {
            await articles.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                SELECT id, occurred_at, published_at FROM outbox_messages
                WHERE message_type LIKE '%BreakingNewsIssued%' AND published_at IS NOT NULL AND occurred_at >= @since
                """, articles);
            command.Parameters.AddWithValue("since", since);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                published["alr_" + reader.GetGuid(0).ToString("N")] = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        List<double> relay = [], broker = [], worker = [];
        List<(double Relay, double Broker, double Worker)> samples = [];
        int deferred = 0, retried = 0;
        await using (var notifications = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.NotificationDatabase)))
        {
            await notifications.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                SELECT a."Id", a."CreatedAt", d."FirstAttemptAt", d."Deferrals", d."Attempts" FROM alerts a
                JOIN webhook_deliveries d ON d."AlertId" = a."Id" WHERE d."FirstAttemptAt" IS NOT NULL
                """, notifications);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!published.TryGetValue(reader.GetString(0), out var outbox))
                {
                    continue;
                }
                var alerted = reader.GetFieldValue<DateTimeOffset>(1);
                relay.Add((outbox.Published - outbox.Occurred).TotalMilliseconds);
                broker.Add((alerted - outbox.Published).TotalMilliseconds);
                worker.Add((reader.GetFieldValue<DateTimeOffset>(2) - alerted).TotalMilliseconds);
                samples.Add((relay[^1], broker[^1], worker[^1]));
                deferred += reader.GetInt32(3) > 0 ? 1 : 0;
                retried += reader.GetInt32(4) > 1 ? 1 : 0;
            }
        }

        var table = new StringBuilder();
        table.AppendLine("| Hop | p50 | p99 | max |").AppendLine("|---|---|---|---|");
        Row(table, "event added (before commit) → broker confirmed the publish (commit, relay wake-up, publish)", relay);
        Row(table, "broker confirmed → alert row written (broker delivery, consumer, fan-out)", broker);
        Row(table, "alert row written → first webhook attempt started (commit, worker wake-up, lease)", worker);
        table.AppendLine()
            .Append(CultureInfo.InvariantCulture, $"Of these {worker.Count} deliveries, {deferred} were put off by the per-subscription rate limit ")
            .Append(CultureInfo.InvariantCulture, $"and {retried} needed more than one attempt.").AppendLine().AppendLine();

        // Per hop percentiles hide where one slow sample lost its time: a late broker confirm shows as a long first hop
        // and a negative second one (the consumer had the event before the publisher heard it was taken).
        table.AppendLine("The five slowest samples, event added → first webhook attempt started, by hop (ms):").AppendLine()
            .AppendLine("| Total | event added → broker confirmed | broker confirmed → alert row written | alert row written → first attempt |")
            .AppendLine("|---|---|---|---|");
        foreach (var (r, b, w) in samples.OrderByDescending(x => x.Relay + x.Broker + x.Worker).Take(5))
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {r + b + w:F1} | {r:F1} | {b:F1} | {w:F1} |");
        }
        return table.ToString().TrimEnd();
    }

    private static void Row(StringBuilder table, string hop, List<double> values)
    {
        values.Sort();
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {hop} | {BenchReport.Percentile(values, 50):F1} | {BenchReport.Percentile(values, 99):F1} | {(values.Count == 0 ? double.NaN : values[^1]):F1} |");
    }

}
