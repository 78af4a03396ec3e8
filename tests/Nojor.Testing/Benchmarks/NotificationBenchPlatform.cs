using Aspire.Hosting.Testing;
using Nojor.Authentication;

namespace Nojor.Testing.Benchmarks;

/// <summary>
/// The platform the notification benchmarks measure (latency, webhook, push and e-mail fan-out): the real AppHost as the tests
/// start it, with the limits that would otherwise be what is measured lifted, a gateway client and an editor's.
/// </summary>
public sealed class NotificationBenchPlatform : IAsyncDisposable
{
    private const string SigningKey = "benchmark-signing-key-0123456789abcdef";

    private NotificationBenchPlatform(TestPlatform platform)
    {
        Platform = platform;
        Gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        Gateway.Timeout = Timeout.InfiniteTimeSpan;
        Editor = platform.App.CreateHttpClient(ResourceNames.Gateway);
        Editor.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            EditorTokenIssuer.Issue(new EditorAuthenticationOptions { SigningKey = SigningKey }, "bench", [EditorAuthentication.EditorRole]));
    }

    public TestPlatform Platform { get; }

    public HttpClient Gateway { get; }

    /// <summary>A gateway client signed in as an editor, to file reports with.</summary>
    public HttpClient Editor { get; }

    public static async Task<NotificationBenchPlatform> StartAsync<TAppHost>() where TAppHost : class =>
        new(await TestPlatform.StartAsync<TAppHost>(
        [
            "--Notifications:AllowLoopbackWebhookTargets=true",
            $"--Parameters:editor-signing-key={SigningKey}",
            // One client address files every report: the gateway's budgets must not be what is measured.
            "--Gateway:RateLimits:Write:PermitLimit=1000000000",
            "--Gateway:RateLimits:Read:PermitLimit=1000000000",
            // Every subscription points at the one loopback receiver, and every stream client comes from loopback.
            "--Notifications:Settings:Subscriptions:MaxPerTargetHost=1000000",
            "--Notifications:Settings:Streams:MaxPerClient=1000000",
        ], EveryService, TimeSpan.FromMinutes(4), folder: "nojor-bench"));

    /// <summary>
    /// Starts the platform <paramref name="starts"/> times, one after another, and measures each start on its own (the
    /// start's number is passed along). One start can cost much more than the next for the same code (where the scheduler
    /// puts the processes, what the JIT saw first), which is why reports lead with the medians of several.
    /// </summary>
    public static async Task<List<T>> MeasureStartsAsync<TAppHost, T>(int starts, Func<NotificationBenchPlatform, int, Task<T>> measure)
        where TAppHost : class
    {
        List<T> results = [];
        for (var start = 1; start <= starts; start++)
        {
            await using var platform = await StartAsync<TAppHost>();
            results.Add(await measure(platform, start));
        }
        return results;
    }

    /// <summary>
    /// Started means every service healthy, as after a deploy or <c>./nojor run</c>: a sample taken while one is still
    /// starting (compiling its start-up, migrating) would measure that start competing for the cores, not the alert path.
    /// </summary>
    private static readonly string[] EveryService =
        [ResourceNames.ArticleApi, ResourceNames.FeedbackApi, ResourceNames.NotificationApi, ResourceNames.Web, ResourceNames.MailSink, ResourceNames.Gateway];

    /// <summary>Files a breaking report through the gateway, tagged <paramref name="tag"/> (what the measured subscriptions want).</summary>
    public async Task<HttpResponseMessage> FileBreakingAsync(string headline, string tag = "bench")
    {
        var response = await Editor.PostAsJsonAsync("/api/articles", new
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

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        Editor.Dispose();
        await Platform.DisposeAsync();
    }
}
