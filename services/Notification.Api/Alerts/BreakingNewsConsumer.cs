using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nojor.Contracts;
using Nojor.Messaging.Inbox;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Fans a breaking-news event out into one persisted delivery per active subscriber. Nothing is
/// sent here: the deliveries commit with the inbox row, then the delivery worker sends them, so
/// a redelivered event never produces a second webhook.
/// </summary>
public sealed class BreakingNewsConsumer(NotificationDbContext db, DeliverySignal signal, TimeProvider clock,
    ILogger<BreakingNewsConsumer> logger)
    : IdempotentConsumer<BreakingNewsIssued, NotificationDbContext>(db, clock, logger)
{
    protected override async Task HandleAsync(BreakingNewsIssued message, ConsumeContext<BreakingNewsIssued> context,
        CancellationToken cancellationToken)
    {
        var subscriberIds = await Db.Subscriptions.Where(s => s.IsActive).Select(s => s.Id).ToListAsync(cancellationToken);
        var payload = new WebhookPayload<BreakingNewsIssued>(WebhookEventTypes.BreakingNews, message.IssuedAt, message).ToJson();
        var now = Clock.GetUtcNow();
        foreach (var subscriberId in subscriberIds)
        {
            Db.Deliveries.Add(new WebhookDelivery
            {
                Id = "msg_" + Guid.CreateVersion7(now).ToString("N"),
                SubscriptionId = subscriberId,
                EventType = WebhookEventTypes.BreakingNews,
                Payload = payload,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
    }

    protected override Task AfterCommitAsync(BreakingNewsIssued message, CancellationToken cancellationToken)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
