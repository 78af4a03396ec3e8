using System.Diagnostics;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Nojor.Contracts;
using Nojor.Notifications;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Push;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Telemetry;
using Nojor.Notifications.Webhooks;
using Npgsql;
using StackExchange.Redis;

namespace Nojor.IntegrationTests.Observability;

/// <summary>
/// What the dashboard shows of one breaking report's fan-out, read back from OpenTelemetry's in-memory exporters: the
/// real breaking-news consumer (on MassTransit's in-memory harness), fan-out and webhook delivery worker, built in this
/// process against a database of their own on the platform's PostgreSQL and sending to loopback receivers.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DeliveryTelemetryTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Subscriptions of the steady receiver: more than fan-out writes row by row, so the deliveries go in by COPY.</summary>
    private const int Crowd = 60;
    private readonly string _database = "delivery_telemetry_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nojor-telemetry-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<WebhookReceiver> _receivers = [];
    private string _serverConnectionString = "";
    private ServiceProvider _services = null!;
    private InMemoryTelemetry _telemetry = null!;
    private IConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        _serverConnectionString = await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase)
            ?? throw new InvalidOperationException("The notification database has no connection string.");
        await ExecuteOnServerAsync($"CREATE DATABASE {_database}");
        var connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database }.ConnectionString;
        // The hub only counts clients here (it is not started, so it subscribes to nothing on the platform's Redis).
        _redis = await ConnectionMultiplexer.ConnectAsync(await platform.App.GetConnectionStringAsync(ResourceNames.Cache)
            ?? throw new InvalidOperationException("Redis has no connection string."));
        Directory.CreateDirectory(_folder);

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development, ApplicationName = "telemetry-test" })
            .AddDbContext<NotificationDbContext>(options => options.UseNpgsql(connectionString));
        services.AddOptions<AlertOptions>();
        services.AddOptions<StreamOptions>();
        services.AddOptions<WebhookOptions>().Configure(options =>
        {
            options.AllowLoopbackTargets = true;
            options.FirstRetryDelay = TimeSpan.FromMilliseconds(200);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
            options.PollInterval = TimeSpan.FromMilliseconds(100);
            options.MetricsReadInterval = TimeSpan.FromMilliseconds(200);
        });
        services.AddOptions<PushOptions>().Configure(options =>
        {
            options.VapidKeyFile = Path.Combine(_folder, "vapid.pem");
            options.IsDevelopment = true;
        });
        services.AddSingleton(_redis);
        services.AddSingleton<AlertHub>();
        // Broadcasting on the platform's Redis channel would put this test's alert on the platform's own live streams.
        services.AddSingleton<IAlertBroadcaster, LocalBroadcaster>();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<SigningSecretProtector>();
        services.AddSingleton<VapidKeys>();
        services.AddSingleton<PushRequests>();
        services.AddSingleton<WebhookTargetPolicy>();
        services.AddScoped<AlertFanOut>();
        // The service's own registrations: the delivery worker (with its HTTP client) and its meter and activity source.
        services.AddWebhookDelivery();
        // The harness starts every hosted service it finds; the worker must wait until the test has seen the deliveries
        // pending, so it is kept out of them and started by hand.
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(WebhookDeliveryWorker)));
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddNotificationTelemetry();
        services.AddMassTransitTestHarness(bus => bus.AddConsumer<BreakingNewsConsumer>());
        // The harness gives up waiting after this long without bus activity; a loaded machine can pause longer than its default.
        services.Configure<TestHarnessOptions>(options => options.TestInactivityTimeout = Patience);
        _telemetry = InMemoryTelemetry.AddTo(services, "MassTransit");
        _services = services.BuildServiceProvider(validateScopes: true);
        _telemetry.Start(_services);
        // Built now, as the host would at start (its meter with it), though started only once the deliveries are pending.
        _services.GetRequiredService<WebhookDeliveryWorker>();

        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _services.GetServices<IHostedService>().Append(_services.GetRequiredService<WebhookDeliveryWorker>()))
        {
            await worker.StopAsync(CancellationToken.None);
        }
        await _services.DisposeAsync();
        foreach (var receiver in _receivers)
        {
            await receiver.DisposeAsync();
        }
        await _redis.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_delivery_attempt_is_a_trace_of_its_own_linked_to_the_alert_and_the_counters_and_gauges_add_up()
    {
        var steady = await ReceiverAsync();
        var flaky = await ReceiverAsync();
        flaky.Script.Enqueue(new ScriptedAnswer(StatusCodes.Status503ServiceUnavailable));
        var gone = await ReceiverAsync();
        gone.StatusCode = StatusCodes.Status410Gone;
        await SeedAsync([.. Enumerable.Range(1, Crowd).Select(n => $"{steady.Url}?subscriber={n}"), flaky.Url, gone.Url]);
        var hub = _services.GetRequiredService<AlertHub>();
        hub.Join(out var leaveFirst);
        hub.Join(out var leaveSecond);
        var harness = _services.GetRequiredService<ITestHarness>();
        await harness.Start();

        // The report's trace starts at its publication; the consumer raising the alert runs in it.
        var headline = "Telemetry check " + Guid.NewGuid().ToString("N")[..8];
        await harness.Bus.Publish(Issued(headline), context => context.MessageId = NewId.NextGuid());
        Assert.True(await harness.GetConsumerHarness<BreakingNewsConsumer>().Consumed.Any<BreakingNewsIssued>());
        // Consumed counts a message whose consumer threw too: say why at once rather than wait for deliveries that are not there.
        Assert.Null(harness.GetConsumerHarness<BreakingNewsConsumer>().Consumed.Select<BreakingNewsIssued>().Single().Exception);

        // Committed and handed to a worker that is not running yet: all pending, none sent.
        Assert.Equal(Crowd + 2, await PendingAsync(DeliveryChannels.Webhook, Crowd + 2));
        Assert.Equal(2, await Gauge("nojor.streams.clients", 2));

        await _services.GetRequiredService<WebhookDeliveryWorker>().StartAsync(CancellationToken.None);
        await Eventually.LastReadAsync(() => steady.All.Count, count => count == Crowd, Patience);
        await gone.ReceivedAsync(headline, Patience);
        await Eventually.LastReadAsync(() => flaky.All.Count, count => count == 2, Patience);

        // The 503 was retried and then taken; the 410 is given up at once.
        Assert.Equal(Crowd + 1, await Counter("nojor.deliveries.sent", Crowd + 1));
        Assert.Equal(1, await Counter("nojor.deliveries.retried", 1));
        Assert.Equal(1, await Counter("nojor.deliveries.failed", 1));
        Assert.Equal(0, await PendingAsync(DeliveryChannels.Webhook, 0));
        Assert.Equal(0, await PendingAsync(DeliveryChannels.Email, 0));
        leaveFirst();
        leaveSecond();
        Assert.Equal(0, await Gauge("nojor.streams.clients", 0));

        var attempts = await Eventually.LastReadAsync(
            () => _telemetry.Spans.Where(s => s.Source.Name == NotificationTelemetry.Name).ToList(), spans => spans.Count == Crowd + 3, Patience);
        Assert.Equal(Crowd + 3, attempts.Count);
        var spans = _telemetry.Spans;
        foreach (var attempt in attempts)
        {
            Assert.Equal("webhook delivery", attempt.DisplayName);
            // Not a child of anything: each attempt starts a trace of its own ...
            Assert.Equal(default, attempt.ParentSpanId);
            // ... linked to the span of the consumer that raised the alert, in the report's trace.
            var link = Assert.Single(attempt.Links);
            var linked = Assert.Single(spans, s => s.SpanId == link.Context.SpanId);
            Assert.Equal(link.Context.TraceId, linked.TraceId);
            Assert.Equal("MassTransit", linked.Source.Name);
            Assert.NotEqual(link.Context.TraceId, attempt.TraceId);
            Assert.Contains(spans, s => s.TraceId == linked.TraceId && s.Kind == ActivityKind.Producer && s.ParentSpanId == default);
        }
        Assert.Single(attempts.Select(a => a.Links.Single().Context).Distinct());
        Assert.Equal(Crowd + 3, attempts.Select(a => a.TraceId).Distinct().Count());
        var outcomes = attempts.GroupBy(a => (string)a.GetTagItem("nojor.delivery.outcome")!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["sent"] = Crowd + 1, ["retried"] = 1, ["failed"] = 1 }, outcomes);
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(attempts, a => (string)a.GetTagItem("nojor.delivery.outcome")! == "failed").Status);
    }

    private async Task<long> Counter(string name, long expected)
    {
        var point = await Eventually.LastReadAsync(() => _telemetry.Point(name, ("nojor.delivery.channel", DeliveryChannels.Webhook)),
            p => p?.GetSumLong() == expected, Patience);
        return point?.GetSumLong() ?? -1;
    }

    private async Task<long> Gauge(string name, long expected)
    {
        var point = await Eventually.LastReadAsync(() => _telemetry.Point(name), p => p?.GetGaugeLastValueLong() == expected, Patience);
        return point?.GetGaugeLastValueLong() ?? -1;
    }

    /// <summary>The pending gauge of one channel once it reads <paramref name="expected"/> (it counts in the background, so a read may lag).</summary>
    private async Task<long> PendingAsync(string channel, long expected)
    {
        var point = await Eventually.LastReadAsync(() => _telemetry.Point("nojor.deliveries.pending", ("nojor.delivery.channel", channel)),
            p => p?.GetGaugeLastValueLong() == expected, Patience);
        return point?.GetGaugeLastValueLong() ?? -1;
    }

    private async Task<WebhookReceiver> ReceiverAsync()
    {
        var receiver = await WebhookReceiver.StartAsync();
        _receivers.Add(receiver);
        return receiver;
    }

    private async Task SeedAsync(IEnumerable<string> urls)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        db.Subscriptions.AddRange(urls.Select(url => new Subscription
        {
            Id = Guid.NewGuid(),
            Url = url,
            TargetHost = Subscription.TargetHostOf(new Uri(url)),
            Filter = SubscriptionFilter.Everything,
            VerifiedAt = DateTimeOffset.UtcNow,
            Secret = SubscriptionTokens.NewSigningSecret(),
            ManagementTokenHash = SubscriptionTokens.Hash("token"),
            IsActive = true,
            CreatedAt = DateTimeOffset.UtcNow,
        }));
        await db.SaveChangesAsync();
    }

    private static BreakingNewsIssued Issued(string headline) =>
        new(Guid.NewGuid(), "telemetry-check", headline, null, "news", ["telemetry"], [], null, "en", 1, 1,
            "http://localhost/articles/telemetry-check", DateTimeOffset.UtcNow);

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Live streams are not what this test is about: the alert goes to none.</summary>
    private sealed class LocalBroadcaster : IAlertBroadcaster
    {
        public Task PublishAsync(Alert alert, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
