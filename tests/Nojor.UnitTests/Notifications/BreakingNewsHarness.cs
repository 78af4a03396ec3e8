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
    /// <summary>
    /// No delivery worker runs here: the deliveries fan-out leases for its own instance are handed to a signal nobody
    /// reads, so they stay pending and leased, as they are between the commit and the first send.
    /// </summary>
    public static ServiceProvider Build()
    {
        var database = Guid.NewGuid().ToString();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<DeliverySignal>()
            .AddSingleton<IAlertBroadcaster, RecordingBroadcaster>()
            .AddOptions()
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

    /// <summary>Each alert's payload by alert id: what its deliveries send.</summary>
    public static async Task<Dictionary<string, string>> AlertPayloadsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Alerts.ToDictionaryAsync(a => a.Id, a => a.Payload);
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
