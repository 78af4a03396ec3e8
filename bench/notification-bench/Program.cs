extern alias defaults;
using defaults::Nojor.Authentication;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nojor;
using Nojor.AppHost.Infrastructure;

// Usage: NotificationBench latency <samples> <result.md> | fanout <subscribers> <sseClients> <result.md> | push <subscribers> <result.md>
//        | email <subscribers> <result.md>
var mode = args.ElementAtOrDefault(0) ?? "latency";
const string SigningKey = "benchmark-signing-key-0123456789abcdef";
const string WarmUpTag = "warm-up";
var dataRoot = Path.Combine(Path.GetTempPath(), "nojor-bench", Guid.NewGuid().ToString("N")[..8]);

var receiver = await Receiver.StartAsync();
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nojor_AppHost>(
[
    .. IsolatedRun.Arguments(dataRoot), "--Notifications:AllowLoopbackWebhookTargets=true",
    $"--Parameters:editor-signing-key={SigningKey}",
    // One client address files every report: the gateway's budgets must not be what is measured.
    "--Gateway:RateLimits:Write:PermitLimit=1000000000",
    "--Gateway:RateLimits:Read:PermitLimit=1000000000",
    // Every subscription points at the one loopback receiver, and every stream client comes from loopback.
    "--Notifications:Settings:Subscriptions:MaxPerTargetHost=1000000",
    "--Notifications:Settings:Streams:MaxPerClient=1000000",
]);
builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
    .AddFilter($"{builder.Environment.ApplicationName}.Resources", LogLevel.Error).AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
await using var app = await builder.BuildAsync();
using (var start = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
{
    await app.StartAsync(start.Token);
    foreach (var resource in new[] { ResourceNames.ArticleApi, ResourceNames.NotificationApi, ResourceNames.Gateway })
    {
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
    }
}
var gateway = app.CreateHttpClient(ResourceNames.Gateway);
gateway.Timeout = Timeout.InfiniteTimeSpan;
var editor = app.CreateHttpClient(ResourceNames.Gateway);
editor.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
    EditorTokenIssuer.Issue(new EditorAuthenticationOptions { SigningKey = SigningKey }, "bench", [EditorAuthentication.EditorRole]));
var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
// Anything else using the CPU shows up in the numbers: record how busy the machine was.
var loadBefore = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

try
{
    if (mode == "latency")
    {
        var samples = int.Parse(args.ElementAtOrDefault(1) ?? "200", CultureInfo.InvariantCulture);
        var warmUpAlerts = int.Parse(args.ElementAtOrDefault(3) ?? "1000", CultureInfo.InvariantCulture);
        await Subscribe(gateway, receiver.Url + "?s=0");
        await Publish(editor, "Warm-up alert " + Guid.NewGuid(), receiver); // connections, pools, first JIT
        // Just after start the services still compile their hot paths (tiered JIT, PGO): measured, but apart.
        var cold = await Sample(editor, receiver, samples, "Cold sample");
        for (var i = 0; i < warmUpAlerts; i++)
        {
            await Publish(editor, $"Warm-up alert {i} {Guid.NewGuid():N}", receiver);
        }
        var steady = await Sample(editor, receiver, samples, "Latency sample");
        var hops = await HopBreakdown.MeasureAsync(app, steady.Started);
        var report = $"""
            # Notification latency: publish request to first webhook

            Date: {DateTime.UtcNow:u}. Machine: {machine}.
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
            """;
        Finish(args.ElementAtOrDefault(2), report);
    }
    else if (mode == "push")
    {
        var subscribers = int.Parse(args.ElementAtOrDefault(1) ?? "10000", CultureInfo.InvariantCulture);
        Finish(args.ElementAtOrDefault(2), await PushFanOut.RunAsync(gateway, (headline, tag) => PostBreaking(editor, headline, tag),
            subscribers, machine, loadBefore));
    }
    else if (mode == "email")
    {
        var subscribers = int.Parse(args.ElementAtOrDefault(1) ?? "10000", CultureInfo.InvariantCulture);
        Finish(args.ElementAtOrDefault(2), await EmailFanOut.RunAsync(app, editor, dataRoot, subscribers, machine, loadBefore));
    }
    else
    {
        var subscribers = int.Parse(args.ElementAtOrDefault(1) ?? "10000", CultureInfo.InvariantCulture);
        var sseClients = int.Parse(args.ElementAtOrDefault(2) ?? "1000", CultureInfo.InvariantCulture);
        // Warm-up: one alert end to end (JIT, EF query compilation, pooled connections in every service), to a subscriber
        // and stream clients that want the warm-up tag only, so the measured alert below finds the platform running.
        var warmUp = $"Fan-out warm-up {Guid.NewGuid():N}";
        await Subscribe(gateway, $"{receiver.Url}?s=warm-up", WarmUpTag);
        using (var warmUpStreams = await Sse.ConnectAsync(gateway, 5))
        {
            receiver.Expect(warmUp, 1);
            warmUpStreams.Expect(warmUp);
            await PostBreaking(editor, warmUp, WarmUpTag);
            if (!await receiver.AllReceived(TimeSpan.FromSeconds(30)) || !await warmUpStreams.AllReceived(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The warm-up alert did not arrive.");
            }
        }

        var created = Stopwatch.StartNew();
        await Parallel.ForAsync(0, subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await Subscribe(gateway, $"{receiver.Url}?s={i}"));
        Console.WriteLine($"{subscribers} subscriptions in {created.Elapsed.TotalSeconds:F1} s");

        var streams = await Sse.ConnectAsync(gateway, sseClients);
        var headline = $"Fan-out alert {Guid.NewGuid():N}";
        receiver.Expect(headline, subscribers);
        streams.Expect(headline);
        await PostBreaking(editor, headline);
        var sseAll = await streams.AllReceived(TimeSpan.FromSeconds(60));
        var done = await receiver.AllReceived(TimeSpan.FromSeconds(120));
        var last = receiver.LastAt;
        var first = receiver.FirstAt;
        var report = $"""
            # Notification fan-out: one alert to {subscribers:N0} webhook subscribers and {sseClients:N0} stream clients

            Date: {DateTime.UtcNow:u}. Machine: {machine}.
            {subscribers:N0} subscriptions point at one loopback receiver (distinct URLs); {sseClients:N0} SSE clients are connected
            through the gateway. After one warm-up alert (to a single subscriber), one breaking report is filed through the gateway;
            times are from sending that request.

            | Measure | Value |
            |---|---|
            | Webhooks received | {receiver.Count:N0} of {subscribers:N0}{(done ? "" : " (timed out)")} |
            | First webhook | {first:F0} ms |
            | Last webhook (delivered, persisted and logged before the next batch) | {last:F0} ms |
            | Deliveries per second (first to last) | {(receiver.Count / Math.Max((last - first) / 1000, 0.001)):F0} |
            | SSE clients that got the alert | {streams.Count:N0} of {sseClients:N0} |
            | Last SSE client received | {(sseAll ? $"{streams.LastAt:F0} ms" : "timed out")} |

            Targets: all {subscribers:N0} delivered, persisted and logged within 5 s; 1,000 SSE clients within 1 s.
            Load average (1, 5, 15 min) when the platform had started: {loadBefore}.
            """;
        streams.Dispose();
        Finish(args.ElementAtOrDefault(3), report);
    }
}
finally
{
    await receiver.DisposeAsync();
    await app.StopAsync();
    try
    {
        Directory.Delete(dataRoot, recursive: true);
    }
    catch (IOException)
    {
    }
    catch (UnauthorizedAccessException)
    {
    }
}

static double P(List<double> sorted, int percentile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];

// Writes the report over the results file, keeping its hand-kept history (from "## History" on).
static void Finish(string? path, string report)
{
    Console.WriteLine(report);
    if (path is not null)
    {
        var previous = File.Exists(path) ? File.ReadAllText(path) : "";
        var history = previous.IndexOf("\n## History", StringComparison.Ordinal);
        File.WriteAllText(path, report + Environment.NewLine + (history >= 0 ? previous[history..] : ""));
    }
}

// Subscribes and waits until the receiver has answered the verification request: alerts go to verified endpoints only.
static async Task Subscribe(HttpClient gateway, string url, string? onlyTag = null)
{
    var response = await gateway.PostAsJsonAsync("/api/subscriptions",
        new { url, filters = onlyTag is null ? null : new { tags = new[] { onlyTag } } });
    response.EnsureSuccessStatusCode();
    var created = await response.Content.ReadFromJsonAsync<JsonElement>();
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
    var pause = TimeSpan.FromMilliseconds(50);
    while (true)
    {
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/subscriptions/{created.GetProperty("id").GetString()}");
        read.Headers.Add("X-Subscription-Token", created.GetProperty("managementToken").GetString());
        using var answer = await gateway.SendAsync(read);
        answer.EnsureSuccessStatusCode();
        var state = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verification").GetProperty("state").GetString();
        if (state == "verified")
        {
            return;
        }
        if (state == "failed" || DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"The subscription to {url} was not verified ({state}).");
        }
        await Task.Delay(pause);
        pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
    }
}

static async Task<HttpResponseMessage> PostBreaking(HttpClient editor, string headline, string tag = "bench")
{
    var response = await editor.PostAsJsonAsync("/api/articles", new
    {
        headline,
        summary = "A short summary written for the benchmark.",
        body = "Body text.",
        section = "world",
        tags = new[] { tag },
        urgency = 2,
        breaking = true,
    });
    response.EnsureSuccessStatusCode();
    return response;
}

// Files `count` breaking reports one after another and times each; also the CPU every process spent meanwhile.
static async Task<LatencySamples> Sample(HttpClient editor, Receiver receiver, int count, string label)
{
    var started = DateTimeOffset.UtcNow;
    var cpuBefore = ProcessCpu.Snapshot();
    var clock = Stopwatch.StartNew();
    List<double> latencies = [], answered = [];
    for (var i = 0; i < count; i++)
    {
        var (delivered, requestAnswered) = await Publish(editor, $"{label} {i} {Guid.NewGuid():N}", receiver);
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

static async Task<(double Delivered, double Answered)> Publish(HttpClient editor, string headline, Receiver receiver)
{
    receiver.Expect(headline, 1);
    var clock = Stopwatch.StartNew();
    await PostBreaking(editor, headline);
    var answered = clock.Elapsed.TotalMilliseconds;
    if (!await receiver.AllReceived(TimeSpan.FromSeconds(30)))
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
    return (receiver.LastAt, answered);
}

/// <summary>Loopback webhook endpoint counting the webhooks that carry the expected headline.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private string _marker = "";
    private int _expected;
    private int _count;
    private long _firstTicks;
    private long _lastTicks;
    private Stopwatch _clock = new();
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public int Count => _count;

    public double FirstAt => TimeSpan.FromTicks(_firstTicks).TotalMilliseconds;

    public double LastAt => TimeSpan.FromTicks(_lastTicks).TotalMilliseconds;

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (body.Contains("\"webhook.verification\"", StringComparison.Ordinal))
            {
                // The endpoint proves it wants the alerts by echoing the challenge.
                return Results.Text(JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("challenge").GetString());
            }
            receiver.Record(body);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    public void Expect(string marker, int count)
    {
        _marker = marker;
        _expected = count;
        _count = 0;
        _firstTicks = 0;
        _lastTicks = 0;
        _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _clock = Stopwatch.StartNew();
    }

    public async Task<bool> AllReceived(TimeSpan timeout) => await Task.WhenAny(_all.Task, Task.Delay(timeout)) == _all.Task;

    private void Record(string body)
    {
        if (!body.Contains(_marker, StringComparison.Ordinal))
        {
            return;
        }
        var now = _clock.Elapsed.Ticks;
        var n = Interlocked.Increment(ref _count);
        if (n == 1)
        {
            _firstTicks = now;
        }
        if (n == _expected)
        {
            _lastTicks = now;
            _all.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Many SSE clients on the gateway, noting when each sees the expected alert.</summary>
internal sealed class Sse : IDisposable
{
    private readonly List<(HttpResponseMessage Response, Task Reader)> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<double> _received = [];
    private string _marker = "";
    private Stopwatch _clock = new();
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public int Count => _count;

    public double LastAt => _received.IsEmpty ? double.NaN : _received.Max();

    public static async Task<Sse> ConnectAsync(HttpClient gateway, int clients)
    {
        var sse = new Sse();
        for (var i = 0; i < clients; i++)
        {
            var response = await gateway.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var stream = await response.Content.ReadAsStreamAsync();
            sse._clients.Add((response, Task.Run(() => sse.ReadAsync(stream))));
        }
        return sse;
    }

    public void Expect(string marker)
    {
        _marker = marker;
        _clock = Stopwatch.StartNew();
    }

    public async Task<bool> AllReceived(TimeSpan timeout) => await Task.WhenAny(_all.Task, Task.Delay(timeout)) == _all.Task;

    private async Task ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (_marker.Length > 0 && line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(_marker, StringComparison.Ordinal))
                {
                    _received.Add(_clock.Elapsed.TotalMilliseconds);
                    if (Interlocked.Increment(ref _count) == _clients.Count)
                    {
                        _all.TrySetResult();
                    }
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var (response, _) in _clients)
        {
            response.Dispose();
        }
    }
}

internal sealed record LatencySamples(DateTimeOffset Started, TimeSpan Elapsed, List<double> Latencies, List<double> Answered,
    Dictionary<string, TimeSpan> Cpu, double CpuPerAlert);
