using Microsoft.EntityFrameworkCore;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Email;

/// <summary>
/// E-mail as an alert channel: confirmed, active addresses are picked by the consumers' own routing predicate, held by
/// their quiet hours like webhooks, and an earlier alert's unsent e-mails on the same story are superseded. The rows are
/// staged on the consumer's unit of work and the sender is woken after the commit.
/// </summary>
public sealed class EmailAlertChannel(NotificationDbContext db, EmailSignal signal) : IAlertChannel
{
    private bool _staged;

    public async Task<IReadOnlyList<IAlertRecipient>> RecipientsAsync(Func<IAlertRecipient, bool> isRecipient, CancellationToken cancellationToken) =>
        (await db.EmailSubscriptions.AsNoTracking()
            .Where(s => s.IsActive && s.ConfirmedAt != null)
            .ToListAsync(cancellationToken))
        .Where(isRecipient)
        .ToList();

    public async Task StageAsync(AlertStaging alert, IReadOnlyList<IAlertRecipient> recipients, CancellationToken cancellationToken)
    {
        _staged = false;
        // Digest readers count as recipients, so a story update only they follow is still raised and kept, but they get
        // it in their next digest (EmailDigestJob), not as an e-mail of its own.
        recipients = [.. recipients.Cast<EmailSubscription>().Where(s => s.Frequency == EmailFrequency.Immediate)];
        if (recipients.Count == 0)
        {
            return;
        }
        var deliveries = recipients.Cast<EmailSubscription>().Select(recipient => new EmailDelivery
        {
            Id = EmailDelivery.NewId(alert.Now),
            SubscriptionId = recipient.Id,
            AlertId = alert.AlertId,
            Kind = alert.Draft.Type,
            Payload = alert.Payload,
            CreatedAt = alert.Now,
            // The webhooks' quiet-hours rule: only flashes go at once inside the window, the rest when it closes.
            NextAttemptAt = recipient.QuietHours?.SendAt(alert.Now, alert.Draft.Facts.Urgency) ?? alert.Now,
            AlertTraceParent = alert.TraceParent,
        }).ToList();
        if (deliveries.Count > EmailDeliveryStore.BulkInsertAbove && db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null)
        {
            await EmailDeliveryStore.CopyAsync(db, deliveries, cancellationToken);
        }
        else
        {
            db.EmailDeliveries.AddRange(deliveries);
        }
        if (alert.PreviousAlertId is { } previous)
        {
            // As for webhooks: what is leased is in flight and may still arrive; the rest is replaced by the newer alert.
            var ids = recipients.Select(r => r.Id).ToArray();
            var unsent = await db.EmailDeliveries
                .Where(d => d.AlertId == previous && d.Status == DeliveryStatus.Pending && ids.Contains(d.SubscriptionId)
                    && (d.LeaseUntil == null || d.LeaseUntil < alert.Now))
                .ToListAsync(cancellationToken);
            foreach (var delivery in unsent)
            {
                delivery.Status = DeliveryStatus.Superseded;
                delivery.LastError = $"Superseded by {alert.AlertId} before it was sent.";
            }
        }
        _staged = true;
    }

    public Task<List<Guid>> AlertedAboutAsync(Guid articleId, CancellationToken cancellationToken) =>
        db.EmailDeliveries
            .Where(d => d.Status != DeliveryStatus.Superseded && db.Alerts.Any(a => a.Id == d.AlertId && a.ArticleId == articleId))
            .Select(d => d.SubscriptionId)
            .Distinct()
            .ToListAsync(cancellationToken);

    public void AnnounceCommitted()
    {
        if (_staged)
        {
            signal.Notify();
        }
        _staged = false;
    }
}
