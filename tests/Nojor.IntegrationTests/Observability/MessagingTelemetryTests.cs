using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nojor.Contracts;
using Nojor.Messaging;
using Nojor.Messaging.Outbox;
using Npgsql;

namespace Nojor.IntegrationTests.Observability;

/// <summary>
/// The messaging library's own meter, read back from OpenTelemetry's in-memory exporter: the outbox gauges over a real
/// outbox table (a database of their own on the platform's PostgreSQL), and consumer lag on MassTransit's in-memory harness.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MessagingTelemetryTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Ahead of the wall clock, so consumer lag (against MassTransit's wall-clock send time) is known to within the
    // seconds a loaded machine takes to publish and consume; on a whole second, so ages survive PostgreSQL's microseconds.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + TimeSpan.FromMinutes(10));
    private readonly string _database = "messaging_telemetry_" + Guid.NewGuid().ToString("N")[..8];
    private string _serverConnectionString = "";
    private ServiceProvider _services = null!;
    private InMemoryTelemetry _telemetry = null!;

    public async Task InitializeAsync()
    {
        _serverConnectionString = await platform.App.GetConnectionStringAsync(ResourceNames.ArticleDatabase)
            ?? throw new InvalidOperationException("The article database has no connection string.");
        await ExecuteOnServerAsync($"CREATE DATABASE {_database}");
        var connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database }.ConnectionString;

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_clock)
            .AddDbContext<OutboxDbContext>(options => options.UseNpgsql(connectionString))
            .AddSingleton<IOutboxStore, EfOutboxStore<OutboxDbContext>>();
        services.AddOptions<OutboxOptions>();
        // What AddNojorMessaging registers for telemetry, and the consume observer it adds to the bus.
        services.AddMessagingTelemetry();
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddConsumer<FeedbackIgnored>();
            bus.AddConsumeObserver<ConsumeLagObserver>();
        });
        // The harness gives up waiting after this long without bus activity; a loaded machine can pause longer than its default.
        services.Configure<TestHarnessOptions>(options => options.TestInactivityTimeout = Patience);
        _telemetry = InMemoryTelemetry.AddTo(services);
        _services = services.BuildServiceProvider(validateScopes: true);
        _telemetry.Start(_services);

        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDbContext>().Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task The_outbox_gauges_report_the_rows_waiting_and_the_age_of_the_oldest_and_are_read_again_once_the_interval_passed()
    {
        var now = _clock.GetUtcNow();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OutboxDbContext>();
            db.AddRange(Row(now - TimeSpan.FromSeconds(90)), Row(now - TimeSpan.FromSeconds(10)),
                Row(now - TimeSpan.FromMinutes(5), publishedAt: now - TimeSpan.FromMinutes(4)));
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, await GaugeAsync("nojor.outbox.backlog", p => p.GetGaugeLastValueLong(), 2));
        Assert.Equal(90, await GaugeAsync("nojor.outbox.oldest_age", p => p.GetGaugeLastValueDouble(), 90));

        // Relayed meanwhile: the gauges keep the last count until the read interval has passed, then count again.
        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxDbContext>().Set<OutboxMessage>()
                .ExecuteUpdateAsync(update => update.SetProperty(m => m.PublishedAt, now));
        }
        Assert.Equal(2, _telemetry.Point("nojor.outbox.backlog")?.GetGaugeLastValueLong());
        _clock.Advance(new OutboxOptions().MetricsReadInterval);
        Assert.Equal(0, await GaugeAsync("nojor.outbox.backlog", p => p.GetGaugeLastValueLong(), 0));
        Assert.Equal(0, await GaugeAsync("nojor.outbox.oldest_age", p => p.GetGaugeLastValueDouble(), 0));
    }

    [Fact]
    public async Task Consumer_lag_is_the_time_from_an_events_publication_to_its_consumption()
    {
        var harness = _services.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(new FeedbackReceived(Guid.NewGuid(), "idea", "Lag check", "/", DateTimeOffset.UtcNow));
        Assert.True(await harness.GetConsumerHarness<FeedbackIgnored>().Consumed.Any<FeedbackReceived>());

        var lag = await Eventually.LastReadAsync(() => _telemetry.Point("nojor.messaging.consume.lag"),
            p => p?.GetHistogramCount() == 1, Patience);
        Assert.NotNull(lag);
        Assert.Equal(1, lag.Value.GetHistogramCount());
        Assert.True(InMemoryTelemetry.HasTag(lag.Value, "messaging.message.type", nameof(FeedbackReceived)));
        // The consumer's clock runs ten minutes ahead of the publisher's: that, less the moments publishing took.
        Assert.InRange(lag.Value.GetHistogramSum(), TimeSpan.FromMinutes(9).TotalSeconds, TimeSpan.FromMinutes(10).TotalSeconds);
    }

    private async Task<double> GaugeAsync(string name, Func<OpenTelemetry.Metrics.MetricPoint, double> value, double expected)
    {
        var point = await Eventually.LastReadAsync(() => _telemetry.Point(name), p => p is { } read && value(read) == expected, Patience);
        return point is { } found ? value(found) : -1;
    }

    private static OutboxMessage Row(DateTimeOffset occurredAt, DateTimeOffset? publishedAt = null)
    {
        var row = OutboxMessage.For(new FeedbackReceived(Guid.NewGuid(), "idea", "Backlog check", "/", occurredAt), occurredAt, null);
        row.PublishedAt = publishedAt;
        return row;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class OutboxDbContext(DbContextOptions<OutboxDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
    }

    /// <summary>A consumer with nothing to do: the lag is measured before any consumer runs.</summary>
    public sealed class FeedbackIgnored : IConsumer<FeedbackReceived>
    {
        public Task Consume(ConsumeContext<FeedbackReceived> context) => Task.CompletedTask;
    }
}
