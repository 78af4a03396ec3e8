using Microsoft.Extensions.Options;
using Nojor.Messaging;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Telemetry;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// Sends persisted deliveries: takes a batch (handed over by fan-out, or leased by <see cref="DeliveryStore"/>), paces it
/// per subscription (<see cref="DeliveryPacing"/>), attempts each delivery once (<see cref="DeliverySender"/>), settles
/// each answer (<see cref="RetryPolicy"/>) and records every outcome in bulk (<see cref="PassOutcomes"/>).
/// </summary>
internal sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    DeliverySignal signal,
    DeliveryPacing pacing,
    DeliverySender sender,
    NotificationMetrics metrics,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    /// <summary>
    /// Sends what fan-out leased for this instance as it arrives, without querying it back; and leases what is due
    /// (retries, deferrals, deliveries no instance holds) on every wake-up or poll (see <see cref="LeaseLoop"/>).
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            LeaseLoop.RunHandedOverAsync(signal.HandedOff, options.Value.BatchSize, DeliverHandedOffAsync,
                // Their leases lapse and the regular pass, here or on another instance, sends them.
                (ex, _) => LogPassFailed(logger, ex), stoppingToken),
            LeaseLoop.RunAsync(DeliverDueAsync, signal, () => options.Value.PollInterval, clock, ex => LogPassFailed(logger, ex), stoppingToken));

    private async Task DeliverHandedOffAsync(List<HandedOffDelivery> batch, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = new DeliveryStore(scope.ServiceProvider.GetRequiredService<NotificationDbContext>());
        var subscriptions = new Dictionary<Guid, Subscription>();
        var alertPayloads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (delivery, subscription, payload) in batch)
        {
            subscriptions.TryAdd(subscription.Id, subscription);
            alertPayloads.TryAdd(delivery.AlertId!, payload);
        }
        if (await SendAsync(store, [.. batch.Select(d => d.Delivery)], subscriptions, alertPayloads, clock.GetUtcNow(), stoppingToken))
        {
            // Put off by the rate limit or another instance's pacing: the regular pass takes them from here.
            signal.Notify();
        }
    }

    /// <summary>
    /// Leases due deliveries, attempts each once and records the outcome. When that was less than a batch, says when the
    /// next pending delivery comes due, so that one put off by the rate limit or a short retry goes out when its time
    /// comes, not at the next poll.
    /// </summary>
    public async Task<LeasePass> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var store = new DeliveryStore(scope.ServiceProvider.GetRequiredService<NotificationDbContext>());
        var now = clock.GetUtcNow();
        var due = await store.LeaseDueAsync(now, settings.LeaseUntil(now), settings.BatchSize, cancellationToken);
        var released = false;
        if (due.Count > 0)
        {
            // From here the pass runs to the end even when stopping: the rows are leased, and are released or recorded below.
            var subscriptions = await store.SubscriptionsAsync(due.Select(d => d.SubscriptionId).Distinct(), CancellationToken.None);
            var alertPayloads = await store.AlertPayloadsAsync(due, CancellationToken.None);
            released = await SendAsync(store, due, subscriptions, alertPayloads, now, cancellationToken);
        }
        if (due.Count == settings.BatchSize)
        {
            return new LeasePass(Full: true);
        }
        // Rows released to other instances' pacing are due again at once; they are not "pending and not yet due". The
        // rest is looked up against the lease's own instant: a row that came due since then was not leased, and asking
        // "due after now" with a later now would miss it and sleep a whole poll interval.
        return new LeasePass(Full: false, released ? clock.GetUtcNow() : await store.NextDueAtAsync(now, cancellationToken));
    }

    /// <summary>
    /// Paces leased deliveries, attempts those granted once each and records every outcome. Returns whether any were
    /// released unattempted for a later pass (over the rate, or paced meanwhile by another instance).
    /// </summary>
    private async Task<bool> SendAsync(DeliveryStore store, List<WebhookDelivery> due, Dictionary<Guid, Subscription> subscriptions,
        IReadOnlyDictionary<string, string> alertPayloads, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcomes = new PassOutcomes(subscriptions);
        var granted = await pacing.PaceAsync(store, due, subscriptions, now);
        var client = httpClients.CreateClient(HttpClientName);
        // Deliveries to one subscription run one after another, so its entity is never touched by two attempts at once.
        // Once the service is stopping no new attempt starts, but one already on the wire runs to its answer (bounded by
        // the timeout) and is recorded: cut off, the receiver may have it while we would send it again after a restart.
        await Parallel.ForEachAsync(granted.GroupBy(d => d.SubscriptionId),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelSends },
            async (group, _) =>
            {
                var subscription = subscriptions.GetValueOrDefault(group.Key);
                foreach (var delivery in group)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        // Not attempted: released for whichever instance runs next.
                        delivery.LeaseUntil = null;
                        continue;
                    }
                    await AttemptAsync(client, delivery, subscription, alertPayloads, outcomes);
                }
            });

        // Outcomes are recorded even when stopping, so a sent message is not sent again after a restart.
        await outcomes.RecordAsync(store, due);
        if (outcomes.VerifiedAny)
        {
            // What was queued for a changed URL while it awaited verification is due now.
            signal.Notify();
        }
        return granted.Count < due.Count;
    }

    /// <summary>Attempts one delivery, if its subscription still takes it, and notes the outcome on it and in <paramref name="outcomes"/>.</summary>
    private async Task AttemptAsync(HttpClient client, WebhookDelivery delivery, Subscription? subscription,
        IReadOnlyDictionary<string, string> alertPayloads, PassOutcomes outcomes)
    {
        var now = clock.GetUtcNow();
        delivery.LeaseUntil = null;
        var verifying = delivery.EventType == AlertTypes.Verification;
        var payload = delivery.Payload ?? (delivery.AlertId is { } alertId ? alertPayloads.GetValueOrDefault(alertId) : null);
        // A verification request goes out whatever the subscription's delivery state: it is how a paused, disabled or
        // changed endpoint shows it is there. Everything else needs a delivering, verified subscription.
        if (subscription is null || (!subscription.IsActive && !verifying) || payload is null)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = subscription is null ? "The subscription was deleted."
                : payload is null ? "The alert it carries is no longer kept (past the retention period)."
                : "The subscription is disabled.";
            metrics.Count(subscription?.IsPush == true ? DeliveryChannels.Push : DeliveryChannels.Webhook, DeliveryOutcome.Failed);
            return;
        }
        if (!verifying && (subscription.IsPaused || !subscription.IsVerified))
        {
            // Paused, or its URL changed and awaits verification, after the lease was taken: the row stays due, and the
            // lease query skips it until the subscription is resumed or verified.
            return;
        }

        delivery.Attempts++;
        delivery.FirstAttemptAt ??= now;
        var challenge = verifying ? EndpointVerification.ChallengeOf(payload) : null;
        var channel = subscription.IsPush ? DeliveryChannels.Push : DeliveryChannels.Webhook;
        using var activity = NotificationTelemetry.StartAttempt(channel, delivery.Id, delivery.AlertId, delivery.Attempts, delivery.AlertTraceParent);

        var result = await sender.SendAsync(client, delivery, payload, subscription, challenge, now);
        delivery.LastLatencyMs = result.LatencyMs;
        delivery.LastStatusCode = result.StatusCode;
        delivery.LastError = result.Error;
        var settled = RetryPolicy.Settle(delivery, subscription, result, challenge, now, clock.GetUtcNow(), options.Value, Random.Shared.NextDouble());
        outcomes.Add(delivery, subscription, now, result, settled);

        if (settled.DisabledBecause is { } reason)
        {
            LogDisabled(logger, subscription.Id, reason);
        }
        if (settled.Outcome == DeliveryOutcome.Retried)
        {
            LogRetryScheduled(logger, delivery.Id, delivery.Attempts, result.Error!, delivery.NextAttemptAt);
        }
        metrics.Count(channel, settled.Outcome);
        NotificationTelemetry.Outcome(activity, settled.Outcome, result.Error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, Guid subscriptionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery pass failed; retrying on the next poll")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} attempt {Attempts} failed ({Error}); next attempt at {NextAttemptAt}")]
    private static partial void LogRetryScheduled(ILogger logger, string deliveryId, int attempts, string error, DateTimeOffset nextAttemptAt);
}
