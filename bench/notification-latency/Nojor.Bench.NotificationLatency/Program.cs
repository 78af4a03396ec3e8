using System.Diagnostics;
using System.Globalization;
using Nojor.Testing;
using Nojor.Testing.Benchmarks;

// Publish request to first webhook, one subscriber: breaking reports filed one after another through the gateway, each timed
// until its webhook reaches a loopback receiver.
// Usage: Nojor.Bench.NotificationLatency <samples> [result.md] [warm-up alerts]
var samples = int.Parse(args.ElementAtOrDefault(0) ?? "200", CultureInfo.InvariantCulture);
var warmUpAlerts = int.Parse(args.ElementAtOrDefault(2) ?? "1000", CultureInfo.InvariantCulture);

await using var receiver = await WebhookReceiver.StartAsync();
await using var platform = await NotificationBenchPlatform.StartAsync<Projects.Nojor_AppHost>();
var loadBefore = BenchReport.LoadAverage();

await WebhookSubscriptions.SubscribeAsync(platform.Gateway, receiver.Url + "?s=0");
await Publish("Warm-up alert " + Guid.NewGuid()); // connections, pools, first JIT
// Just after start the services still compile their hot paths (tiered JIT, PGO): measured, but apart.
var cold = await Sample(samples, "Cold sample");
for (var i = 0; i < warmUpAlerts; i++)
{
    await Publish($"Warm-up alert {i} {Guid.NewGuid():N}");
}
var steady = await Sample(samples, "Latency sample");
var hops = await HopBreakdown.MeasureAsync(platform.Platform.App, steady.Started);
BenchReport.Write(args.ElementAtOrDefault(1), $"""
    # Notification latency: publish request to first webhook

    Date: {DateTime.UtcNow:u}. Machine: {BenchReport.Machine}.
    One subscriber (loopback receiver), breaking reports filed one after another through the gateway
    (`POST /api/articles`), at most one every 25 ms (under the subscriber's rate limit of 50 a second); latency is
    from sending the request to the webhook arriving at the receiver.
    {samples} samples after {warmUpAlerts:N0} warm-up alerts (steady state: the services' hot paths are compiled), and
    {samples} taken straight after start (one warm-up alert) for comparison.

    | Samples | p50 | p90 | p99 | max | Request answered (p50 / p99) | CPU per alert, all processes |
    |---|---|---|---|---|---|---|
    | **steady state** | **{P(steady.Latencies, 50):F1} ms** | {P(steady.Latencies, 90):F1} ms | **{P(steady.Latencies, 99):F1} ms** | {steady.Latencies[^1]:F1} ms | {P(steady.Answered, 50):F1} / {P(steady.Answered, 99):F1} ms | {steady.CpuPerAlert:F1} ms |
    | straight after start | {P(cold.Latencies, 50):F1} ms | {P(cold.Latencies, 90):F1} ms | {P(cold.Latencies, 99):F1} ms | {cold.Latencies[^1]:F1} ms | {P(cold.Answered, 50):F1} / {P(cold.Answered, 99):F1} ms | {cold.CpuPerAlert:F1} ms |

    "Request answered" is the publish request itself (gateway, article service, commit with the outbox row); relay,
    broker, consumer and delivery worker run alongside its tail.

    Where the time goes in the steady-state samples, from the rows' own timestamps (ms):

    {hops}

    CPU time per alert by process (every alert is filed after the previous one arrived, so this is the work one alert
    sets off; on a small machine it is what the hops queue behind). Available: {Environment.ProcessorCount} cores ×
    the time per alert = {Environment.ProcessorCount * steady.Elapsed.TotalMilliseconds / samples:F1} ms (steady state),
    {Environment.ProcessorCount * cold.Elapsed.TotalMilliseconds / samples:F1} ms (straight after start).

    | Process | Steady state | Straight after start |
    |---|---|---|
    {string.Join("\n", steady.Cpu.OrderByDescending(p => p.Value).Select(p =>
        $"| {p.Key} | {p.Value.TotalMilliseconds / samples:F2} ms | {cold.Cpu.GetValueOrDefault(p.Key).TotalMilliseconds / samples:F2} ms |"))}

    Targets: p50 ≤ 30 ms, p99 ≤ 100 ms. Load average (1, 5, 15 min) when the platform had started: {loadBefore}.
    """);

static double P(List<double> sorted, int percentile) => BenchReport.Percentile(sorted, percentile);

// Files `count` breaking reports one after another and times each; also the CPU every process spent meanwhile.
async Task<LatencySamples> Sample(int count, string label)
{
    var started = DateTimeOffset.UtcNow;
    var cpuBefore = ProcessCpu.Snapshot();
    var clock = Stopwatch.StartNew();
    List<double> latencies = [], answered = [];
    for (var i = 0; i < count; i++)
    {
        var (delivered, requestAnswered) = await Publish($"{label} {i} {Guid.NewGuid():N}");
        latencies.Add(delivered);
        answered.Add(requestAnswered);
    }
    clock.Stop();
    var cpu = ProcessCpu.Since(cpuBefore).Where(p => p.Value > TimeSpan.Zero).ToDictionary();
    latencies.Sort();
    answered.Sort();
    return new LatencySamples(started, clock.Elapsed, latencies, answered, cpu,
        cpu.Values.Aggregate(TimeSpan.Zero, (sum, used) => sum + used).TotalMilliseconds / count);
}

async Task<(double Delivered, double Answered)> Publish(string headline)
{
    receiver.Arrivals.Expect(headline, 1);
    var clock = Stopwatch.StartNew();
    await platform.FileBreakingAsync(headline);
    var answered = clock.Elapsed.TotalMilliseconds;
    if (!await receiver.Arrivals.AllReceived(TimeSpan.FromSeconds(30)))
    {
        throw new TimeoutException($"No webhook for '{headline}'.");
    }
    // One alert every 25 ms at most: the one subscriber stays under its default rate limit (50 a second), which would
    // otherwise pace the samples (measured separately, by the rate-limit tests) instead of the pipeline being timed.
    var spacing = TimeSpan.FromMilliseconds(25) - clock.Elapsed;
    if (spacing > TimeSpan.Zero)
    {
        await Task.Delay(spacing);
    }
    return (receiver.Arrivals.LastAt, answered);
}

internal sealed record LatencySamples(DateTimeOffset Started, TimeSpan Elapsed, List<double> Latencies, List<double> Answered,
    Dictionary<string, TimeSpan> Cpu, double CpuPerAlert);
