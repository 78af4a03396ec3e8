using System.Collections.Concurrent;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>What a verification request showed: the endpoint echoed <paramref name="Challenge"/> (verified at), or why not.</summary>
internal sealed record VerificationOutcome(Guid SubscriptionId, string Challenge, DateTimeOffset? VerifiedAt, string? Failure);

/// <summary>
/// Collects what one pass's attempts produced, from several attempts at once (one per subscription), and writes it all
/// with the leased deliveries' outcomes in one transaction (<see cref="DeliveryStore.RecordAsync"/>): the attempts for the
/// delivery log, the verifications, the push subscriptions that ended and the subscriptions whose health changed.
/// </summary>
internal sealed class PassOutcomes
{
    private const int MaxErrorLength = 1000;

    private readonly IReadOnlyDictionary<Guid, Subscription> _subscriptions;
    private readonly Dictionary<Guid, SubscriptionHealth> _healthBefore;
    private readonly ConcurrentBag<DeliveryAttempt> _attempts = [];
    private readonly ConcurrentBag<VerificationOutcome> _verifications = [];
    private readonly ConcurrentBag<Guid> _ended = [];

    /// <param name="subscriptions">The pass's subscriptions, whose health is noted now to write only what the pass changes.</param>
    public PassOutcomes(IReadOnlyDictionary<Guid, Subscription> subscriptions)
    {
        _subscriptions = subscriptions;
        _healthBefore = subscriptions.Values.ToDictionary(s => s.Id, SubscriptionHealth.Of);
    }

    /// <summary>Whether an endpoint was verified in this pass: what was queued for it meanwhile is due now.</summary>
    public bool VerifiedAny => _verifications.Any(v => v.VerifiedAt is not null);

    /// <summary>Notes an attempt for the delivery log (its error cut to what the log keeps) and what it settled.</summary>
    public void Add(WebhookDelivery delivery, Subscription subscription, DateTimeOffset attemptedAt, SendResult result, Settlement settlement)
    {
        _attempts.Add(new DeliveryAttempt
        {
            DeliveryId = delivery.Id,
            SubscriptionId = subscription.Id,
            Number = delivery.Attempts,
            AttemptedAt = attemptedAt,
            StatusCode = result.StatusCode,
            LatencyMs = result.LatencyMs,
            Error = result.Error?.Length > MaxErrorLength ? result.Error[..MaxErrorLength] : result.Error,
            AttemptedBy = Nojor.Messaging.ServiceInstance.Name,
        });
        if (settlement.Verification is { } verification)
        {
            _verifications.Add(verification);
        }
        if (settlement.SubscriptionEnded)
        {
            _ended.Add(subscription.Id);
        }
    }

    /// <summary>Writes every leased delivery's outcome and what the attempts produced; not cancellable, so a sent message is not sent again.</summary>
    public Task RecordAsync(DeliveryStore store, IReadOnlyList<WebhookDelivery> leased)
    {
        var changed = _subscriptions.Values.Where(s => _healthBefore[s.Id] != SubscriptionHealth.Of(s)).ToList();
        return store.RecordAsync(leased, _attempts, changed, _verifications, [.. _ended.Distinct()], CancellationToken.None);
    }
}
