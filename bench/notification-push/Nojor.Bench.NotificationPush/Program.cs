using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nojor.Testing;
using Nojor.Testing.Benchmarks;

// Usage: Nojor.Bench.NotificationPush <subscriptions> [result.md] [platform starts]
var subscribers = int.Parse(args.ElementAtOrDefault(0) ?? "10000", CultureInfo.InvariantCulture);
var starts = int.Parse(args.ElementAtOrDefault(2) ?? "3", CultureInfo.InvariantCulture);
var runs = await NotificationBenchPlatform.MeasureStartsAsync<Projects.Nojor_AppHost, PushRun>(starts, async (platform, start) =>
{
    var run = await PushFanOut.RunAsync(platform, subscribers, BenchReport.LoadAverage());
    Console.WriteLine($"start {start}: last push at {run.Last:F0} ms");
    return run;
});
BenchReport.Write(args.ElementAtOrDefault(1), PushFanOut.Report(runs, subscribers));

/// <summary>One start's fan-out: pushes received, and when the first and the last came (ms after filing the report).</summary>
internal sealed record PushRun(int Received, bool Done, double First, double Last, string Load)
{
    public double PerSecond => Received / Math.Max((Last - First) / 1000, 0.001);
}

/// <summary>
/// One breaking alert to N browser push subscriptions: all point at one loopback push sink (distinct endpoint paths), the
/// measured ones want the "bench" tag only, so every request the sink gets under /push/bench- is the measured alert,
/// encrypted for its subscription and VAPID-signed. Times are from filing the report to each push arriving.
/// </summary>
internal static class PushFanOut
{
    public static string Report(IReadOnlyList<PushRun> runs, int subscribers)
    {
        double Median(Func<PushRun, double> figure) => BenchReport.Median(runs.Select(figure));
        return $"""
            # Browser push fan-out: one alert to {subscribers:N0} push subscriptions

            Date: {DateTime.UtcNow:u}. Machine: {BenchReport.Machine}.
            {subscribers:N0} push subscriptions (made through the gateway as browsers make them) point at one loopback push sink
            (distinct endpoint paths, one key pair). After one warm-up push to a subscription of its own, one breaking report is
            filed through the gateway; times are from sending that request. Each push is encrypted (RFC 8291, a fresh key pair
            per message), VAPID-signed and sent through the webhook delivery path (leased, recorded, logged); the sink answers
            201 at once and does not decrypt. The platform is started {runs.Count} time(s), each start measured on its own.

            | Measure (median of {runs.Count} start(s)) | Value |
            |---|---|
            | Pushes received | {Median(r => r.Received):N0} of {subscribers:N0}{(runs.All(r => r.Done) ? "" : " (a start timed out)")} |
            | First push | {Median(r => r.First):F0} ms |
            | **Last encrypted push** | **{Median(r => r.Last):F0} ms** |
            | Pushes per second (first to last) | {Median(r => r.PerSecond):F0} |

            | Start | Pushes received | First push | Last encrypted push | Pushes per second | Load average (1, 5, 15 min) when the platform had started |
            |---|---|---|---|---|---|
            {string.Join("\n", runs.Select((r, i) => $"| {i + 1} | {r.Received:N0}{(r.Done ? "" : " (timed out)")} | {r.First:F0} ms | {r.Last:F0} ms | {r.PerSecond:F0} | {r.Load} |"))}
            """;
    }

    public static async Task<PushRun> RunAsync(NotificationBenchPlatform platform, int subscribers, string load)
    {
        var gateway = platform.Gateway;
        await using var sink = await PushSink.StartAsync();
        // One browser's keys for all: the service still makes a fresh key pair, agreement and encryption per message.
        using var browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = browser.ExportParameters(false).Q;
        var keys = new { p256dh = Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]), auth = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) };

        // Warm-up: one push end to end (JIT, pools, the VAPID token for the sink's origin), to a subscription of its own.
        await Subscribe(gateway, sink.Url + "/push/warm-up", keys, "warm-up");
        sink.Arrivals.Expect(path => path.StartsWith("/push/warm-up", StringComparison.Ordinal), 1);
        await platform.FileBreakingAsync($"Push warm-up {Guid.NewGuid():N}", "warm-up");
        if (!await sink.Arrivals.AllReceived(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("The warm-up push did not arrive.");
        }

        var created = Stopwatch.StartNew();
        await Parallel.ForAsync(0, subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await Subscribe(gateway, $"{sink.Url}/push/bench-{i}", keys, "bench"));
        Console.WriteLine($"{subscribers} push subscriptions in {created.Elapsed.TotalSeconds:F1} s");

        sink.Arrivals.Expect(path => path.StartsWith("/push/bench-", StringComparison.Ordinal), subscribers);
        await platform.FileBreakingAsync($"Push fan-out alert {Guid.NewGuid():N}", "bench");
        var done = await sink.Arrivals.AllReceived(TimeSpan.FromSeconds(180));
        return new PushRun(sink.Arrivals.Count, done, sink.Arrivals.FirstAt, sink.Arrivals.LastAt, load);
    }

    private static async Task Subscribe(HttpClient gateway, string endpoint, object keys, string tag)
    {
        var response = await gateway.PostAsJsonAsync("/api/notifications/push/subscriptions",
            new { endpoint, keys, filters = new { tags = new[] { tag } } });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A loopback push service: answers 201 Created and counts the pushes under the expected path prefix.</summary>
    private sealed class PushSink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private PushSink(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        /// <summary>The pushes under the expected path prefix, and when the first and the last came.</summary>
        public Arrivals Arrivals { get; } = new();

        public static async Task<PushSink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var sink = new PushSink(app);
            app.MapPost("/push/{id}", async (HttpContext context) =>
            {
                // Read it whole, as a push service would before accepting it.
                await context.Request.Body.CopyToAsync(Stream.Null);
                if (context.Request.Headers.ContentEncoding == "aes128gcm" && context.Request.Headers.Authorization.ToString().StartsWith("vapid ", StringComparison.Ordinal))
                {
                    sink.Arrivals.Record(context.Request.Path.Value ?? "");
                }
                return Results.StatusCode(StatusCodes.Status201Created);
            });
            await app.StartAsync();
            sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return sink;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
