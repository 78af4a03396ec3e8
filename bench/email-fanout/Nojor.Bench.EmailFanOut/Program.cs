using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.Testing;
using Nojor;
using Nojor.Testing.Benchmarks;
using Npgsql;

// Usage: Nojor.Bench.EmailFanOut <subscribers> [result.md]
var subscribers = int.Parse(args.ElementAtOrDefault(0) ?? "10000", CultureInfo.InvariantCulture);
await using var platform = await NotificationBenchPlatform.StartAsync<Projects.Nojor_AppHost>();
BenchReport.Write(args.ElementAtOrDefault(1), await EmailFanOut.RunAsync(platform, subscribers, BenchReport.LoadAverage()));

/// <summary>
/// One breaking alert to N confirmed e-mail subscribers, sent through the notification service's pooled SMTP connections to
/// the AppHost's loopback mail sink: time until the sink has accepted the last message (its files' write times).
/// Subscribers are written straight into the database, confirmed: the confirmation round trip is not what is measured.
/// </summary>
internal static class EmailFanOut
{
    public static async Task<string> RunAsync(NotificationBenchPlatform platform, int subscribers, string loadBefore)
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
        return $"""
            # E-mail fan-out: one alert to {subscribers:N0} confirmed e-mail subscribers

            Date: {DateTime.UtcNow:u}. Machine: {BenchReport.Machine}.
            {subscribers:N0} confirmed subscriptions (written into the database); one breaking report filed through the gateway;
            the notification service sends over its pooled SMTP connections (`Email:MaxConnections`, default 8) to the AppHost's
            loopback mail sink, which writes each message to a file. Times are from sending the report's request to the sink's
            file write times.

            | Measure | Value |
            |---|---|
            | Messages accepted by the sink | {files.Count:N0} of {subscribers:N0}{(done ? "" : " (timed out)")} |
            | First message accepted | {first:F0} ms |
            | Last message accepted | **{last:F0} ms** |
            | Messages per second (first to last) | {files.Count / Math.Max((last - first) / 1000, 0.001):F0} |
            | Seen complete by polling the folder | {polled.TotalMilliseconds:F0} ms |

            Load average (1, 5, 15 min) when the platform had started: {loadBefore}.
            """;
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
