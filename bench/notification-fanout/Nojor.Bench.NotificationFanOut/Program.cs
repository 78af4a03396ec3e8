using System.Diagnostics;
using System.Globalization;
using Nojor.Testing;
using Nojor.Testing.Benchmarks;

// One breaking alert to N webhook subscribers (one loopback receiver behind distinct URLs) and M stream clients on the gateway.
// Usage: Nojor.Bench.NotificationFanOut <subscribers> <sseClients> [result.md]
const string WarmUpTag = "warm-up";
var subscribers = int.Parse(args.ElementAtOrDefault(0) ?? "10000", CultureInfo.InvariantCulture);
var sseClients = int.Parse(args.ElementAtOrDefault(1) ?? "1000", CultureInfo.InvariantCulture);

await using var receiver = await WebhookReceiver.StartAsync();
await using var platform = await NotificationBenchPlatform.StartAsync<Projects.Nojor_AppHost>();
var gateway = platform.Gateway;
var loadBefore = BenchReport.LoadAverage();

// Warm-up: one alert end to end (JIT, EF query compilation, pooled connections in every service), to a subscriber and stream
// clients that want the warm-up tag only, so the measured alert below finds the platform running.
var warmUp = $"Fan-out warm-up {Guid.NewGuid():N}";
await WebhookSubscriptions.SubscribeAsync(gateway, $"{receiver.Url}?s=warm-up", new { tags = new[] { WarmUpTag } });
using (var warmUpStreams = await StreamClients.ConnectAsync(gateway, 5))
{
    receiver.Arrivals.Expect(warmUp, 1);
    warmUpStreams.Arrivals.Expect(warmUp, 5);
    await platform.FileBreakingAsync(warmUp, WarmUpTag);
    if (!await receiver.Arrivals.AllReceived(TimeSpan.FromSeconds(30)) || !await warmUpStreams.Arrivals.AllReceived(TimeSpan.FromSeconds(30)))
    {
        throw new TimeoutException("The warm-up alert did not arrive.");
    }
}

var created = Stopwatch.StartNew();
await Parallel.ForAsync(0, subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
    async (i, _) => await WebhookSubscriptions.SubscribeAsync(gateway, $"{receiver.Url}?s={i}"));
Console.WriteLine($"{subscribers} subscriptions in {created.Elapsed.TotalSeconds:F1} s");

using var streams = await StreamClients.ConnectAsync(gateway, sseClients);
var headline = $"Fan-out alert {Guid.NewGuid():N}";
receiver.Arrivals.Expect(headline, subscribers);
streams.Arrivals.Expect(headline, sseClients);
await platform.FileBreakingAsync(headline);
var sseAll = await streams.Arrivals.AllReceived(TimeSpan.FromSeconds(60));
var done = await receiver.Arrivals.AllReceived(TimeSpan.FromSeconds(120));
var (first, last, received) = (receiver.Arrivals.FirstAt, receiver.Arrivals.LastAt, receiver.Arrivals.Count);
BenchReport.Write(args.ElementAtOrDefault(2), $"""
    # Notification fan-out: one alert to {subscribers:N0} webhook subscribers and {sseClients:N0} stream clients

    Date: {DateTime.UtcNow:u}. Machine: {BenchReport.Machine}.
    {subscribers:N0} subscriptions point at one loopback receiver (distinct URLs); {sseClients:N0} SSE clients are connected
    through the gateway. After one warm-up alert (to a single subscriber), one breaking report is filed through the gateway;
    times are from sending that request.

    | Measure | Value |
    |---|---|
    | Webhooks received | {received:N0} of {subscribers:N0}{(done ? "" : " (timed out)")} |
    | First webhook | {first:F0} ms |
    | Last webhook (delivered, persisted and logged before the next batch) | {last:F0} ms |
    | Deliveries per second (first to last) | {(received / Math.Max((last - first) / 1000, 0.001)):F0} |
    | SSE clients that got the alert | {streams.Arrivals.Count:N0} of {sseClients:N0} |
    | Last SSE client received | {(sseAll ? $"{streams.Arrivals.LastAt:F0} ms" : "timed out")} |

    Targets: all {subscribers:N0} delivered, persisted and logged within 5 s; 1,000 SSE clients within 1 s.
    Load average (1, 5, 15 min) when the platform had started: {loadBefore}.
    """);

/// <summary>Many SSE clients on the gateway, each counted once when it sees the expected alert.</summary>
internal sealed class StreamClients : IDisposable
{
    private readonly List<SseReader> _readers = [];
    private readonly CancellationTokenSource _stop = new();

    public Arrivals Arrivals { get; } = new();

    public static async Task<StreamClients> ConnectAsync(HttpClient gateway, int clients)
    {
        var streams = new StreamClients();
        for (var i = 0; i < clients; i++)
        {
            var reader = await SseReader.ConnectAsync(gateway, "/api/notifications/stream", lastEventId: null);
            streams._readers.Add(reader);
            _ = Task.Run(() => streams.ReadAsync(reader));
        }
        return streams;
    }

    private async Task ReadAsync(SseReader reader)
    {
        try
        {
            while (!Arrivals.Record((await reader.NextEventAsync(_stop.Token)).Data))
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or Xunit.Sdk.XunitException)
        {
            // Stopped, or the stream ended: this client saw what it was going to see.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }
    }
}
