using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.Testing;
using Nojor;
using Nojor.Testing.Benchmarks;
using Npgsql;

// Usage: Nojor.Bench.EmailFanOut <subscribers> [result.md] [platform starts]
var subscribers = int.Parse(args.ElementAtOrDefault(0) ?? "10000", CultureInfo.InvariantCulture);
var starts = int.Parse(args.ElementAtOrDefault(2) ?? "3", CultureInfo.InvariantCulture);
var runs = await NotificationBenchPlatform.MeasureStartsAsync<Projects.Nojor_AppHost, EmailRun>(starts, async (platform, start) =>
{
    var run = await EmailFanOut.RunAsync(platform, subscribers, BenchReport.LoadAverage());
    Console.WriteLine($"start {start}: last message at {run.Last:F0} ms");
    return run;
});
BenchReport.Write(args.ElementAtOrDefault(1), EmailFanOut.Report(runs, subscribers));

/// <summary>One start's fan-out: messages the sink accepted, when the first and the last came (ms after filing the report).</summary>
internal sealed record EmailRun(int Accepted, bool Done, double First, double Last, double Polled, string Load)
{
    public double PerSecond => Accepted / Math.Max((Last - First) / 1000, 0.001);
}

/// <summary>
/// One breaking alert to N confirmed e-mail subscribers, sent through the notification service's pooled SMTP connections to
/// the AppHost's loopback mail sink: time until the sink has accepted the last message (its files' write times).
/// Subscribers are written straight into the database, confirmed: the confirmation round trip is not what is measured.
/// </summary>
internal static class EmailFanOut
{
    public static string Report(IReadOnlyList<EmailRun> runs, int subscribers)
    {
        double Median(Func<EmailRun, double> figure) => BenchReport.Median(runs.Select(figure));
        return $"""
            # E-mail fan-out: one alert to {subscribers:N0} confirmed e-mail subscribers

            Date: {DateTime.UtcNow:u}. Machine: {BenchReport.Machine}.
            {subscribers:N0} confirmed subscriptions (written into the database); one breaking report filed through the gateway;
            the notification service sends over its pooled SMTP connections (`Email:MaxConnections`, default 8) to the AppHost's
            loopback mail sink, which writes each message to a file. Times are from sending the report's request to the sink's
            file write times. The platform is started {runs.Count} time(s), each start measured on its own.

            | Measure (median of {runs.Count} start(s)) | Value |
            |---|---|
            | Messages accepted by the sink | {Median(r => r.Accepted):N0} of {subscribers:N0}{(runs.All(r => r.Done) ? "" : " (a start timed out)")} |
            | First message accepted | {Median(r => r.First):F0} ms |
            | Last message accepted | **{Median(r => r.Last):F0} ms** |
            | Messages per second (first to last) | {Median(r => r.PerSecond):F0} |
            | Seen complete by polling the folder | {Median(r => r.Polled):F0} ms |

            | Start | Messages accepted | First | Last | Messages per second | Load average (1, 5, 15 min) when the platform had started |
            |---|---|---|---|---|---|
            {string.Join("\n", runs.Select((r, i) => $"| {i + 1} | {r.Accepted:N0}{(r.Done ? "" : " (timed out)")} | {r.First:F0} ms | {r.Last:F0} ms | {r.PerSecond:F0} | {r.Load} |"))}
            """;
    }

    public static async Task<EmailRun> RunAsync(NotificationBenchPlatform platform, int subscribers, string loadBefore)
    {
        // The sink's own files, not its message list: polled for the last one, they add no work to the sink being timed.
        var mail = Path.Combine(platform.Platform.DataRoot, "mail");
        await using var db = new NpgsqlConnection(await platform.Platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await db.OpenAsync();

        // Warm-up: one message end to end (JIT, EF query compilation, the SMTP pool's first connection).
        await InsertConfirmedAsync(db, "warm-up", 1, "warm-up");
        await platform.FileBreakingAsync($"E-mail warm-up {Guid.NewGuid():N}", "warm-up");
        await WaitForFilesAsync(mail, 1, TimeSpan.FromSeconds(60));

        var created = Stopwatch.StartNew();
        await InsertConfirmedAsync(db, "bench", subscribers, "bench");
        Console.WriteLine($"{subscribers} confirmed e-mail subscriptions written in {created.Elapsed.TotalSeconds:F1} s");

        var before = Count(mail);
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await platform.FileBreakingAsync($"E-mail fan-out alert {Guid.NewGuid():N}", "bench");
        var done = await WaitForFilesAsync(mail, before + subscribers, TimeSpan.FromMinutes(10));
        var polled = clock.Elapsed;
        var files = new DirectoryInfo(mail).EnumerateFiles("*.eml").Select(f => f.LastWriteTimeUtc).Where(t => t >= started).Order().ToList();
        var first = (files.FirstOrDefault() - started).TotalMilliseconds;
        var last = (files.LastOrDefault() - started).TotalMilliseconds;
        return new EmailRun(files.Count, done, first, last, polled.TotalMilliseconds, loadBefore);
    }

    private static async Task InsertConfirmedAsync(NpgsqlConnection db, string prefix, int count, string tag)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO email_subscriptions ("Id", "Address", "AddressKey", "Filter", "Frequency", "DigestSince", "ConfirmedAt",
                "ConfirmationSentAt", "IsActive", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), a, a, @filter::jsonb, 'Immediate', now(), now(), now(), true, now(), now()
            FROM (SELECT @prefix || '-' || i || '-' || substr(md5(random()::text), 1, 6) || '@example.org' AS a FROM generate_series(1, @count) i) s
            """, db);
        command.Parameters.AddWithValue("filter", $$"""{"tags":["{{tag}}"]}""");
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    private static int Count(string folder) => Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.eml").Count() : 0;

    private static async Task<bool> WaitForFilesAsync(string folder, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (Count(folder) < count)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
