using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

/// <summary>The breaking-news consumer on MassTransit's in-memory harness, over an in-memory notification database.</summary>
internal static class BreakingNewsHarness
{
    /// <param name="handOffOnCommit">
    /// Whether fan-out leases the deliveries due at once for its own worker. No worker runs here, so with it off the
    /// deliveries stay unleased and unsent, as they are when fan-out leaves them to any instance's worker.
    /// </param>
    public static ServiceProvider Build(bool handOffOnCommit)
    {
        var database = Guid.NewGuid().ToString();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<DeliverySignal>()
            .AddSingleton<IAlertBroadcaster, RecordingBroadcaster>()
            .AddOptions()
            .Configure<WebhookOptions>(options => options.HandOffOnCommit = handOffOnCommit)
            .AddScoped<AlertFanOut>()
            .AddDbContext<NotificationDbContext>(options => options.UseInMemoryDatabase(database))
            .AddMassTransitTestHarness(bus => bus.AddConsumer<BreakingNewsConsumer>())
            .BuildServiceProvider(validateScopes: true);
    }

    public static async Task SeedAsync(IServiceProvider services, params Subscription[] subscriptions)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        db.Subscriptions.AddRange(subscriptions);
        await db.SaveChangesAsync();
    }

    public static async Task<List<WebhookDelivery>> DeliveriesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Deliveries.ToListAsync();
    }

    public static Subscription Subscriber(string url, bool active = true, SubscriptionFilter? filter = null, bool verified = true) => new()
    {
        Filter = filter ?? SubscriptionFilter.Everything,
        Id = Guid.NewGuid(),
        Url = url,
        TargetHost = Subscription.TargetHostOf(new Uri(url)),
        VerifiedAt = verified ? DateTimeOffset.UtcNow : null,
        Secret = SubscriptionTokens.NewSigningSecret(),
        ManagementTokenHash = SubscriptionTokens.Hash("token"),
        IsActive = active,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
