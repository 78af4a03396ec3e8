using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nojor;
using Nojor.Authentication;

namespace Nojor.IntegrationTests;

/// <summary>
/// One running platform for the whole suite: the real AppHost with real PostgreSQL, Redis and
/// RabbitMQ (containers where a Docker engine answers, local processes otherwise), on free
/// ports and in a throw-away data folder, so it never touches a developer's own run.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    /// <summary>The editors' token signing key this platform runs with (the AppHost parameter <c>editor-signing-key</c>).</summary>
    public const string SigningKey = "integration-test-signing-key-0123456789abcdef";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);
    private static readonly string[] Services =
        [ResourceNames.ArticleApi, ResourceNames.ArticleApiSecondInstance, ResourceNames.FeedbackApi, ResourceNames.NotificationApi,
        ResourceNames.NotificationApiSecondInstance, ResourceNames.Web, ResourceNames.WebSecondInstance, ResourceNames.Gateway];

    private TestPlatform? _platform;

    public DistributedApplication App => _platform!.App;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The gateway's address: what a reader's browser opens.</summary>
    public Uri GatewayAddress => App.GetEndpoint(ResourceNames.Gateway, "http");

    public TimeSpan StartedIn { get; private set; }

    /// <summary>Settings a platform of another collection adds to (or overrides in) the ones above.</summary>
    protected virtual IEnumerable<string> AdditionalArguments => [];

    /// <summary>The resources that must be healthy before the tests start; a platform with more instances adds them.</summary>
    protected virtual IEnumerable<string> HealthyBeforeTests => Services;

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        _platform = await TestPlatform.StartAsync<Projects.Nojor_AppHost>(
        [
            "--Notifications:AllowLoopbackWebhookTargets=true",
            $"--Parameters:editor-signing-key={SigningKey}",
            // Every test shares loopback as its client address; budgets are exercised by the gateway's own tests.
            "--Gateway:RateLimits:Read:PermitLimit=1000000",
            "--Gateway:RateLimits:Write:PermitLimit=1000000",
            "--Gateway:RateLimits:Feedback:PermitLimit=1000000",
            "--Gateway:RateLimits:Search:PermitLimit=1000000",
            "--Gateway:RateLimits:FeedbackPerAddress:PermitLimit=1000000",
            "--Gateway:RateLimits:ReaderTokens:PermitLimit=1000000",
            "--Articles:SeedDemoContent=false",
            "--Articles:SecondInstance=true",
            "--Notifications:SecondInstance=true",
            "--Web:SecondInstance=true",
            // Webhook retries every few seconds instead of minutes, so a test can watch a failing delivery being retried.
            "--Notifications:Settings:Webhooks:FirstRetryDelay=00:00:01",
            "--Notifications:Settings:Webhooks:MaxRetryDelay=00:00:03",
            // A per-subscription rate low enough for a test to cross it with a handful of alerts.
            "--Notifications:Settings:Webhooks:PerSubscriptionRate=5",
            "--Notifications:Settings:Webhooks:PerSubscriptionBurst=5",
            // Retention runs every few seconds (keeping the default 30 days), so a test can backdate rows and see them go.
            "--Notifications:Settings:Retention:Interval=00:00:02",
            // A verification request may be asked for again after seconds instead of a minute.
            "--Notifications:Settings:Subscriptions:VerificationResendInterval=00:00:03",
            // E-mail digests: a "day" of ten seconds, looked for every second, so a test sees a daily digest go out.
            "--Notifications:Settings:Email:DailyDigestEvery=00:00:10",
            "--Notifications:Settings:Email:DigestCheckInterval=00:00:01",
            .. AdditionalArguments,
        ], HealthyBeforeTests, StartTimeout);
        Gateway = App.CreateHttpClient(ResourceNames.Gateway);
        StartedIn = started.Elapsed;
    }

    /// <summary>A gateway client signed in as an editor (a valid JWT with role <c>editor</c>).</summary>
    public HttpClient EditorGateway() => GatewayWithToken(IssueToken(EditorRole));

    /// <summary>A gateway client with a valid token that carries only the given role (e.g. <c>reader</c>), for role tests.</summary>
    public HttpClient ReaderGateway(string role = "reader") => GatewayWithToken(IssueToken(role));

    public HttpClient GatewayWithToken(string token)
    {
        var client = App.CreateHttpClient(ResourceNames.Gateway);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Mints a token the platform accepts, as <c>./nojor token</c> does; a fresh subject unless one is given.</summary>
    public static string IssueToken(string role, string? subject = null, TimeSpan? lifetime = null) =>
        EditorTokenIssuer.Issue(TokenOptions, subject ?? $"test-{role}-{Guid.NewGuid():N}", [role], lifetime);

    /// <summary>A well-formed token signed with some other key: what a forger could present.</summary>
    public static string IssueForeignToken(string role) =>
        EditorTokenIssuer.Issue(new EditorAuthenticationOptions { SigningKey = "a-different-signing-key-of-enough-length" }, "mallory", [role]);

    public const string EditorRole = EditorAuthentication.EditorRole;
    public const string AdminRole = EditorAuthentication.AdminRole;

    /// <summary>The issuer and audience the platform validates by default, with this run's signing key.</summary>
    private static EditorAuthenticationOptions TokenOptions { get; } = new() { SigningKey = SigningKey };

    /// <summary>Runs one of the dashboard's resource commands (stop, start) and waits for its outcome.</summary>
    public async Task ExecuteResourceCommandAsync(string resource, string command)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} on {resource} failed: {result.Message}");
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>, ICollectionFixture<Web.BrowserFixture>
{
    public const string Name = "platform";
}
