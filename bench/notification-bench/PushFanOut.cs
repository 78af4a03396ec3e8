using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// One breaking alert to N browser push subscriptions: all point at one loopback push sink (distinct endpoint paths), the
/// measured ones want the "bench" tag only, so every request the sink gets under /push/bench- is the measured alert,
/// encrypted for its subscription and VAPID-signed. Times are from filing the report to each push arriving.
/// </summary>
internal static class PushFanOut
{
    public static async Task<string> RunAsync(HttpClient gateway, Func<string, string, Task> postBreaking, int subscribers, string machine, string load)
    {
        await using var sink = await PushSink.StartAsync();
        // One browser's keys for all: the service still makes a fresh key pair, agreement and encryption per message.
        using var browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = browser.ExportParameters(false).Q;
        var keys = new { p256dh = Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]), auth = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) };

        // Warm-up: one push end to end (JIT, pools, the VAPID token for the sink's origin), to a subscription of its own.
        await Subscribe(gateway, sink.Url + "/push/warm-up", keys, "warm-up");
        sink.Expect("/push/warm-up", 1);
        await postBreaking($"Push warm-up {Guid.NewGuid():N}", "warm-up");
        if (!await sink.AllReceived(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("The warm-up push did not arrive.");
        }

        var created = Stopwatch.StartNew();
        await Parallel.ForAsync(0, subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await Subscribe(gateway, $"{sink.Url}/push/bench-{i}", keys, "bench"));
        Console.WriteLine($"{subscribers} push subscriptions in {created.Elapsed.TotalSeconds:F1} s");

        sink.Expect("/push/bench-", subscribers);
        await postBreaking($"Push fan-out alert {Guid.NewGuid():N}", "bench");
        var done = await sink.AllReceived(TimeSpan.FromSeconds(180));
        return $"""
            # Browser push fan-out: one alert to {subscribers:N0} push subscriptions

            Date: {DateTime.UtcNow:u}. Machine: {machine}.
            {subscribers:N0} push subscriptions (made through the gateway as browsers make them) point at one loopback push sink
            (distinct endpoint paths, one key pair). After one warm-up push to a subscription of its own, one breaking report is
            filed through the gateway; times are from sending that request. Each push is encrypted (RFC 8291, a fresh key pair
            per message), VAPID-signed and sent through the webhook delivery path (leased, recorded, logged); the sink answers
            201 at once and does not decrypt.

            | Measure | Value |
            |---|---|
            | Pushes received | {sink.Count:N0} of {subscribers:N0}{(done ? "" : " (timed out)")} |
            | First push | {sink.FirstAt:F0} ms |
            | Last encrypted push | {sink.LastAt:F0} ms |
            | Pushes per second (first to last) | {(sink.Count / Math.Max((sink.LastAt - sink.FirstAt) / 1000, 0.001)):F0} |

            Load average (1, 5, 15 min) when the platform had started: {load}.
            """;
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
        private string _prefix = "";
        private int _expected;
        private int _count;
        private long _firstTicks;
        private long _lastTicks;
        private Stopwatch _clock = new();
        private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private PushSink(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int Count => _count;

        public double FirstAt => TimeSpan.FromTicks(_firstTicks).TotalMilliseconds;

        public double LastAt => TimeSpan.FromTicks(_lastTicks).TotalMilliseconds;

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
                    sink.Record(context.Request.Path.Value ?? "");
                }
                return Results.StatusCode(StatusCodes.Status201Created);
            });
            await app.StartAsync();
            sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return sink;
        }

        public void Expect(string prefix, int count)
        {
            _prefix = prefix;
            _expected = count;
            _count = 0;
            _firstTicks = 0;
            _lastTicks = 0;
            _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _clock = Stopwatch.StartNew();
        }

        public async Task<bool> AllReceived(TimeSpan timeout) => await Task.WhenAny(_all.Task, Task.Delay(timeout)) == _all.Task;

        private void Record(string path)
        {
            if (!path.StartsWith(_prefix, StringComparison.Ordinal))
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
}
