using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Turns an article event into an alert and one pending delivery per recipient, staged on the
/// consumer's unit of work (committed with its inbox row). Within the supersede window the alert
/// names the earlier alert on the same story, and the earlier alert's deliveries to the same
/// recipients that have not gone out yet are cancelled: the recipient gets the newer alert only.
/// </summary>
public sealed class AlertFanOut(NotificationDbContext db, IOptions<AlertOptions> options, TimeProvider clock)
{
    private const int BulkInsertAbove = 50;

    /// <summary>
    /// Raises the alert for the subscriptions <paramref name="isRecipient"/> picks. A follow-up that nobody
    /// receives and that follows no earlier alert is not raised at all (returns null): it is routine news.
    /// </summary>
    public async Task<Alert?> RaiseAsync(AlertDraft draft, Func<Recipient, bool> isRecipient, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var alertId = Alert.IdFor(draft.MessageId);
        var windowStart = now - options.Value.SupersedeWindow;
        var previous = await db.Alerts
            .Where(a => a.SupersedeKey == draft.SupersedeKey && a.CreatedAt >= windowStart)
            .OrderByDescending(a => a.Sequence)
            .Select(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);

        var recipients = (await db.Subscriptions.AsNoTracking()
                .Where(s => s.IsActive && !s.IsPaused)
                .Select(s => new Recipient(s.Id, s.Filter, s.QuietHours))
                .ToListAsync(cancellationToken))
            .Where(isRecipient)
            .ToList();
        if (recipients.Count == 0 && !draft.Facts.IsBreaking && !draft.Facts.FollowsAlert)
        {
            return null;
        }

        var payload = new WebhookPayload<AlertData>(draft.Type, draft.OccurredAt, draft.Data with { AlertId = alertId, Supersedes = previous }).ToJson();
        var alert = new Alert
        {
            Id = alertId,
            Type = draft.Type,
            ArticleId = draft.ArticleId,
            SupersedeKey = draft.SupersedeKey,
            SupersedesAlertId = previous,
            Facts = draft.Facts,
            Payload = payload,
            CreatedAt = now,
            RaisedBy = ServiceInstance.Name,
        };
        db.Alerts.Add(alert);

        var deliveries = recipients.Select(recipient => new WebhookDelivery
        {
            Id = WebhookDelivery.NewId(now),
            SubscriptionId = recipient.Id,
            AlertId = alertId,
            EventType = draft.Type,
            Payload = payload,
            CreatedAt = now,
            NextAttemptAt = recipient.QuietHours?.SendAt(now, draft.Facts.Urgency) ?? now,
        });
        // A few rows ride along in the commit's own batch; COPY's extra round trips only pay off for a crowd.
        if (recipients.Count > BulkInsertAbove && db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null)
        {
            await DeliveryBulkInsert.CopyAsync(db, deliveries, cancellationToken);
        }
        else
        {
            db.Deliveries.AddRange(deliveries);
        }

        if (previous is not null)
        {
            await CancelUnsentAsync(previous, alertId, recipients.Select(r => r.Id).ToHashSet(), now, cancellationToken);
        }
        return alert;
    }

    /// <summary>Subscribers who were sent (or are about to be sent) an alert about this article, in any of its versions.</summary>
    public Task<List<Guid>> AlertedAboutAsync(Guid articleId, CancellationToken cancellationToken) =>
        db.Deliveries
            .Where(d => d.Status != DeliveryStatus.Superseded && db.Alerts.Any(a => a.Id == d.AlertId && a.ArticleId == articleId))
            .Select(d => d.SubscriptionId)
            .Distinct()
            .ToListAsync(cancellationToken);

    /// <summary>What the latest alert about this article matched on, or null if it never raised one.</summary>
    public Task<AlertFacts?> LatestFactsAsync(Guid articleId, CancellationToken cancellationToken) =>
        db.Alerts.Where(a => a.ArticleId == articleId)
            .OrderByDescending(a => a.Sequence)
            .Select(a => a.Facts)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task CancelUnsentAsync(string previousAlertId, string newAlertId, HashSet<Guid> recipients, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // Rows a worker has leased are in flight; those may still arrive, and the newer alert names them as superseded.
        var unsent = await db.Deliveries
            .Where(d => d.AlertId == previousAlertId && d.Status == DeliveryStatus.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ToListAsync(cancellationToken);
        foreach (var delivery in unsent.Where(d => recipients.Contains(d.SubscriptionId)))
        {
            delivery.Status = DeliveryStatus.Superseded;
            delivery.LastError = $"Superseded by {newAlertId} before it was sent.";
        }
    }
}
