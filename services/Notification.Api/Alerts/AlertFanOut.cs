using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Messaging;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Telemetry;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Turns an article event into an alert and one pending delivery per recipient, staged on the
/// consumer's unit of work (committed with its inbox row). Within the supersede window the alert
/// names the earlier alert on the same story, and the earlier alert's deliveries to the same
/// recipients that have not gone out yet are cancelled: the recipient gets the newer alert only.
/// Deliveries due at once are leased for this instance in the same commit, up to a worker batch, and handed to its
/// worker after the commit (<see cref="AnnounceCommitted"/>), which sends them without querying them back.
/// </summary>
public sealed class AlertFanOut(NotificationDbContext db, IOptions<AlertOptions> options, IOptions<WebhookOptions> webhookOptions,
    DeliverySignal signal, IEnumerable<IAlertChannel> channels, TimeProvider clock)
{
    private const int BulkInsertAbove = 50;
    private readonly List<HandedOffDelivery> _leasedHere = [];
    private bool _leftForWorkers;

    /// <summary>
    /// Raises the alert for the subscriptions <paramref name="isRecipient"/> picks. A follow-up that nobody
    /// receives and that follows no earlier alert is not raised at all (returns null): it is routine news.
    /// </summary>
    public async Task<Alert?> RaiseAsync(AlertDraft draft, Func<IAlertRecipient, bool> isRecipient, CancellationToken cancellationToken)
    {
        // A retried message starts over: nothing staged by an attempt that did not commit is announced.
        _leasedHere.Clear();
        _leftForWorkers = false;
        var now = clock.GetUtcNow();
        var alertId = Alert.IdFor(draft.MessageId);
        var windowStart = now - options.Value.SupersedeWindow;
        var previous = await db.Alerts
            .Where(a => a.SupersedeKey == draft.SupersedeKey && a.CreatedAt >= windowStart)
            .OrderByDescending(a => a.Sequence)
            .Select(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);

        // Whole rows, not only what matching needs: the deliveries leased here go out with the subscription read now.
        // An endpoint that has not echoed its verification challenge gets nothing (nor is anything queued for it).
        var recipients = (await db.Subscriptions.AsNoTracking()
                .Where(s => s.IsActive && !s.IsPaused && s.VerifiedAt != null)
                .ToListAsync(cancellationToken))
            .Where(s => isRecipient(s))
            .ToList();
        // Every other channel picks its recipients with the same predicate, so the routing rules are the webhooks' own.
        var channelRecipients = new List<(IAlertChannel Channel, IReadOnlyList<IAlertRecipient> Recipients)>();
        foreach (var channel in channels)
        {
            channelRecipients.Add((channel, await channel.RecipientsAsync(isRecipient, cancellationToken)));
        }
        if (recipients.Count == 0 && channelRecipients.All(c => c.Recipients.Count == 0) && !draft.Facts.IsBreaking && !draft.Facts.FollowsAlert)
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
        // Every delivery attempt's span links back to the span raising the alert (the consumer's), in the report's trace.
        var traceParent = NotificationTelemetry.CurrentTraceParent();

        var deliveries = recipients.Select(recipient => Stage(new WebhookDelivery
        {
            Id = WebhookDelivery.NewId(now),
            SubscriptionId = recipient.Id,
            AlertId = alertId,
            EventType = draft.Type,
            CreatedAt = now,
            NextAttemptAt = recipient.QuietHours?.SendAt(now, draft.Facts.Urgency) ?? now,
            AlertTraceParent = traceParent,
        }, recipient, payload, now)).ToList();
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
        var staging = new AlertStaging(alertId, previous, payload, draft, now) { TraceParent = traceParent };
        foreach (var (channel, channelRecipientList) in channelRecipients)
        {
            await channel.StageAsync(staging, channelRecipientList, cancellationToken);
        }
        return alert;
    }

    /// <summary>
    /// After the commit: hands the deliveries leased here to this instance's worker, and wakes it if others are due for
    /// any worker to lease. Before the commit nothing may be announced: the rows would not exist if it failed.
    /// </summary>
    public void AnnounceCommitted()
    {
        foreach (var channel in channels)
        {
            channel.AnnounceCommitted();
        }
        signal.HandOver(_leasedHere);
        if (_leftForWorkers)
        {
            signal.Notify();
        }
        _leasedHere.Clear();
        _leftForWorkers = false;
    }

    private WebhookDelivery Stage(WebhookDelivery delivery, Subscription recipient, string payload, DateTimeOffset now)
    {
        if (delivery.NextAttemptAt > now)
        {
            // Held back by quiet hours: the worker's regular pass picks it up when it comes due.
            return delivery;
        }
        // The first batch due at once is leased in this commit and handed to this instance's worker from memory, so the
        // first webhook leaves without a query; past one batch, whichever instance's worker comes first takes the rest.
        var webhooks = webhookOptions.Value;
        if (_leasedHere.Count < webhooks.BatchSize)
        {
            delivery.LeaseUntil = webhooks.LeaseUntil(now);
            _leasedHere.Add(new HandedOffDelivery(delivery, recipient, payload));
        }
        else
        {
            _leftForWorkers = true;
        }
        return delivery;
    }

    /// <summary>Subscribers (of every channel) who were sent (or are about to be sent) an alert about this article, in any of its versions.</summary>
    public async Task<List<Guid>> AlertedAboutAsync(Guid articleId, CancellationToken cancellationToken)
    {
        var alerted = await db.Deliveries
            .Where(d => d.Status != DeliveryStatus.Superseded && db.Alerts.Any(a => a.Id == d.AlertId && a.ArticleId == articleId))
            .Select(d => d.SubscriptionId)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var channel in channels)
        {
            alerted.AddRange(await channel.AlertedAboutAsync(articleId, cancellationToken));
        }
        return alerted;
    }

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
