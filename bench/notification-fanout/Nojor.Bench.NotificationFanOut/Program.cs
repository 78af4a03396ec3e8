using System.Diagnostics;
using System.Globalization;
using Nojor.Testing;
using Nojor.Testing.Benchmarks;

// Breaking alerts to N webhook subscribers (one loopback receiver behind distinct URLs) and M stream clients on the gateway:
// the first fan-out after a start, then a second one.
// Usage: Nojor.Bench.NotificationFanOut <subscribers> <sseClients> [result.md] [platform starts]
const string WarmUpTag = "warm-up";
var subscribers = int.Parse(args.ElementAtOrDefault(0) ?? "10000", CultureInfo.InvariantCulture);
var sseClients = int.Parse(args.ElementAtOrDefault(1) ?? "1000", CultureInfo.InvariantCulture);
var starts = int.Parse(args.ElementAtOrDefault(3) ?? "1", CultureInfo.InvariantCulture);

// The gateway holds two sockets per stream client (the reader's and its own to the notification service), and every
// process of the platform inherits this one's open-file limit: past it the gateway's connect fails and the client gets a
// 503 halfway through. Say so before starting rather than after.
var openFiles = OpenFileLimit();
if (openFiles is { } limit && 2 * sseClients + 1000 > limit)
{
    Console.Error.WriteLine($"{sseClients:N0} stream clients need about {2 * sseClients + 1000:N0} open files in the gateway " +
        $"(two sockets per stream), and processes here may hold {limit:N0} (ulimit -n). Raise the limit or connect fewer clients.");
    return 1;
}

var results = await NotificationBenchPlatform.MeasureStartsAsync<Projects.Nojor_AppHost, StartResult>(starts, MeasureStartAsync);
var last = results[^1];
BenchReport.Write(args.ElementAtOrDefault(2), $"""
    # Notification fan-out: one alert to {subscribers:N0} webhook subscribers and {sseClients:N0} stream clients

    Date: {DateTime.UtcNow:u}. Machine: {BenchReport.Machine}. Open files per process: {openFiles?.ToString("N0", CultureInfo.InvariantCulture) ?? "unknown"}.
    {subscribers:N0} subscriptions point at one loopback receiver (distinct URLs); {sseClients:N0} SSE clients are connected
    through the gateway. After one warm-up alert (to a single subscriber), two breaking reports are filed through the
    gateway, one after the other has reached everyone: the first fan-out after the start, then a second one. Times are
    from sending each report's request. The platform is started {starts} time(s), each start measured on its own.

    | Measure (median of {starts} start(s)) | First fan-out after start | Second fan-out |
    |---|---|---|
    | Webhooks received | {Median(r => r.First.Received):N0} of {subscribers:N0}{TimedOut(a => a.Done)} | {Median(r => r.Second.Received):N0} of {subscribers:N0} |
    | First webhook | {Median(r => r.First.First):F0} ms | {Median(r => r.Second.First):F0} ms |
    | **Last webhook** (delivered, persisted and logged before the next batch) | **{Median(r => r.First.Last):F0} ms** | **{Median(r => r.Second.Last):F0} ms** |
    | Deliveries per second (first to last) | {Median(r => r.First.PerSecond):F0} | {Median(r => r.Second.PerSecond):F0} |
    | SSE clients that got the alert | {Median(r => r.First.Streamed):N0} of {sseClients:N0}{TimedOut(a => a.StreamsDone)} | {Median(r => r.Second.Streamed):N0} of {sseClients:N0} |
    | **Last SSE client received** | **{Median(r => r.First.LastStreamed):F0} ms** | **{Median(r => r.Second.LastStreamed):F0} ms** |
    | CPU, all processes, from the request until everyone had it | {Median(r => r.First.Cpu.Values.Sum(t => t.TotalMilliseconds)):F0} ms | {Median(r => r.Second.Cpu.Values.Sum(t => t.TotalMilliseconds)):F0} ms |

    Each start (first fan-out / second fan-out):

    | Start | First webhook | Last webhook | Deliveries/s | Last SSE client | Load average when started |
    |---|---|---|---|---|---|
    {string.Join("\n", results.Select(r =>
        $"| {r.Start} | {r.First.First:F0} / {r.Second.First:F0} ms | {r.First.Last:F0} / {r.Second.Last:F0} ms | {r.First.PerSecond:F0} / {r.Second.PerSecond:F0} | {Streamed(r.First)} / {Streamed(r.Second)} | {r.LoadAverage} |"))}

    CPU time by process in the last start, from filing each report until the last webhook and stream client had it
    ({last.First.Elapsed.TotalMilliseconds:F0} and {last.Second.Elapsed.TotalMilliseconds:F0} ms; {Environment.ProcessorCount} cores give
    {Environment.ProcessorCount * last.First.Elapsed.TotalMilliseconds:F0} and {Environment.ProcessorCount * last.Second.Elapsed.TotalMilliseconds:F0} ms of CPU in those times):

    | Process | First fan-out | Per webhook | Second fan-out | Per webhook |
    |---|---|---|---|---|
    {string.Join("\n", last.First.Cpu.Keys.Union(last.Second.Cpu.Keys).OrderByDescending(p => last.First.Cpu.GetValueOrDefault(p)).Select(p =>
        $"| {p} | {Cpu(last.First, p)} | {Cpu(last.Second, p)} |"))}
    | **all** | **{last.First.Cpu.Values.Sum(t => t.TotalMilliseconds):F0} ms** | | **{last.Second.Cpu.Values.Sum(t => t.TotalMilliseconds):F0} ms** | |

    What PostgreSQL wrote for the first alert in the last start (WAL of the whole server; rows of the notification
    database's tables, from its statistics views; an in-place update (HOT) adds no index entries):

    | | Value | Per webhook |
    |---|---|---|
    | WAL | {last.First.Writes.WalBytes / 1048576.0:F1} MB | {last.First.Writes.WalBytes / (double)Math.Max(subscribers, 1):F0} bytes |
    {string.Join("\n", last.First.Writes.Tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
        $"| `{t.Key}`: inserted / updated / of those in place | {t.Value.Inserted:N0} / {t.Value.Updated:N0} / {t.Value.HotUpdated:N0} | {t.Value.Inserted / (double)Math.Max(subscribers, 1):F2} / {t.Value.Updated / (double)Math.Max(subscribers, 1):F2} / {t.Value.HotUpdated / (double)Math.Max(subscribers, 1):F2} |"))}

    Targets: all {subscribers:N0} delivered, persisted and logged within 5 s; 1,000 SSE clients within 1 s (issue 20: the
    last of 10,000 webhooks within 2 s, 10,000 stream clients within 1 s).
    """);
return 0;

string TimedOut(Func<AlertResult, bool> done) => results.All(r => done(r.First) && done(r.Second)) ? "" : " (a start timed out)";

static string Streamed(AlertResult alert) => alert.StreamsDone ? $"{alert.LastStreamed:F0} ms" : "timed out";

string Cpu(AlertResult alert, string process) => alert.Cpu.TryGetValue(process, out var used)
    ? $"{used.TotalMilliseconds:F0} ms | {used.TotalMilliseconds * 1000 / Math.Max(subscribers, 1):F0} µs"
    : "0 ms | 0 µs";

double Median(Func<StartResult, double> figure) => BenchReport.Median(results.Select(figure));

async Task<StartResult> MeasureStartAsync(NotificationBenchPlatform platform, int start)
{
    await using var receiver = await WebhookReceiver.StartAsync();
    var gateway = platform.Gateway;
    var loadAverage = BenchReport.LoadAverage();

    // Warm-up: one alert end to end (JIT, EF query compilation, pooled connections in every service), to a subscriber and
    // stream clients that want the warm-up tag only, so the measured alert below finds the platform running.
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
    Console.WriteLine($"Start {start}: {subscribers} subscriptions in {created.Elapsed.TotalSeconds:F1} s");

    using var streams = await StreamClients.ConnectAsync(gateway, sseClients);
    // Every earlier write (the subscriptions) has reported its counts before the measured alert starts.
    await Task.Delay(PostgresWrites.StatisticsDelay);
    // The first fan-out after a start is also the first time the service runs its code for thousands of deliveries (the
    // warm-up alert had one); the second shows the same work once that code is compiled.
    var firstFanOut = await MeasureAlertAsync(start, "first", platform, receiver, streams);
    var secondFanOut = await MeasureAlertAsync(start, "second", platform, receiver, streams);
    return new StartResult(start, loadAverage, firstFanOut, secondFanOut);
}

async Task<AlertResult> MeasureAlertAsync(int start, string which, NotificationBenchPlatform platform, WebhookReceiver receiver,
    StreamClients streams)
{
    var writesBefore = await PostgresWrites.SnapshotAsync(platform.Platform.App);
    var headline = $"Fan-out alert {Guid.NewGuid():N}";
    receiver.Arrivals.Expect(headline, subscribers);
    streams.Arrivals.Expect(headline, sseClients);
    var cpuBefore = ProcessCpu.Snapshot();
    var filed = Stopwatch.StartNew();
    await platform.FileBreakingAsync(headline);
    var streamsDone = await streams.Arrivals.AllReceived(TimeSpan.FromSeconds(60));
    var done = await receiver.Arrivals.AllReceived(TimeSpan.FromSeconds(120));
    var cpu = ProcessCpu.Since(cpuBefore).Where(p => p.Value > TimeSpan.Zero).ToDictionary();
    var elapsed = filed.Elapsed;
    var (first, last, received) = (receiver.Arrivals.FirstAt, receiver.Arrivals.LastAt, receiver.Arrivals.Count);
    // Also lets the statistics of this alert's writes settle before the next one starts.
    await Task.Delay(PostgresWrites.StatisticsDelay);
    var writes = (await PostgresWrites.SnapshotAsync(platform.Platform.App)).Since(writesBefore);
    Console.WriteLine($"Start {start}, {which} fan-out: last webhook {last:F0} ms, last stream client {streams.Arrivals.LastAt:F0} ms, CPU {cpu.Values.Sum(t => t.TotalMilliseconds):F0} ms in {elapsed.TotalMilliseconds:F0} ms, WAL {writes.WalBytes / 1048576.0:F1} MB");
    return new AlertResult(received, done, first, last, received / Math.Max((last - first) / 1000, 0.001),
        streams.Arrivals.Count, streamsDone, streams.Arrivals.LastAt, cpu, elapsed, writes);
}

// The soft limit this process (and so every process the platform starts) may hold open, from /proc; null elsewhere.
static int? OpenFileLimit() => File.Exists("/proc/self/limits")
    ? File.ReadLines("/proc/self/limits").Where(line => line.StartsWith("Max open files", StringComparison.Ordinal))
        .Select(line => int.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture, out var soft) ? soft : (int?)null)
        .FirstOrDefault()
    : null;

internal sealed record StartResult(int Start, string LoadAverage, AlertResult First, AlertResult Second);

internal sealed record AlertResult(int Received, bool Done, double First, double Last, double PerSecond,
    int Streamed, bool StreamsDone, double LastStreamed, Dictionary<string, TimeSpan> Cpu, TimeSpan Elapsed, PostgresWrites Writes);

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
            // Every alert the stream carries is offered: the benchmark expects one after another.
            while (true)
            {
                Arrivals.Record((await reader.NextEventAsync(_stop.Token)).Data);
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
