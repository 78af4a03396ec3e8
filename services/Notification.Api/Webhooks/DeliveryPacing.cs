using Microsoft.Extensions.Options;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// Applies each subscription's rate limit (<see cref="DeliveryPacer"/>) to a pass's leased deliveries, across instances:
/// the pacing state lives on the subscription row and is taken with a compare-and-set.
/// </summary>
internal sealed partial class DeliveryPacing(IOptions<WebhookOptions> options, ILogger<DeliveryPacing> logger)
{
    /// <summary>How often a subscription another instance keeps pacing is tried again before its deliveries are released.</summary>
    private const int Rounds = 3;

    /// <summary>
    /// Takes per-subscription rate-limit permits for the leased deliveries and returns those that may go now. Those over
    /// a subscription's rate are deferred: they stay pending, unattempted, and come due again as permits free up. The
    /// pacing state is written with a compare-and-set, so instances pacing the same subscription never both spend the
    /// same permits. The loser reads the new state and tries again, a few times; what still loses is released for a
    /// later pass (its lease cleared).
    /// </summary>
    public async Task<List<WebhookDelivery>> PaceAsync(DeliveryStore store, List<WebhookDelivery> due,
        IReadOnlyDictionary<Guid, Subscription> subscriptions, DateTimeOffset now)
    {
        var granted = new List<WebhookDelivery>(due.Count);
        var contested = new List<(Subscription Subscription, List<WebhookDelivery> Deliveries)>();
        foreach (var group in due.GroupBy(d => d.SubscriptionId))
        {
            if (!subscriptions.TryGetValue(group.Key, out var subscription) || !subscription.ReceivesAlerts)
            {
                // Nothing is sent to these; the attempt marks them failed or leaves them for the resume.
                granted.AddRange(group);
                continue;
            }
            contested.Add((subscription, group.OrderBy(d => d.NextAttemptAt).ToList()));
        }

        for (var round = 1; contested.Count > 0; round++)
        {
            var grants = contested.Select(c => (c.Subscription, c.Deliveries, Grant: Grant(c.Subscription, c.Deliveries.Count, now))).ToList();
            var claimed = await store.ClaimPermitsAsync(
                [.. grants.Select(g => (g.Subscription.Id, g.Subscription.PacedUntil, g.Grant.PacedUntil))], CancellationToken.None);
            contested.Clear();
            foreach (var (subscription, deliveries, grant) in grants)
            {
                if (claimed.Contains(subscription.Id))
                {
                    subscription.PacedUntil = grant.PacedUntil;
                    granted.AddRange(deliveries.Take(grant.Granted));
                    Defer(subscription, [.. deliveries.Skip(grant.Granted)], grant.NextFreeAt);
                }
                else if (round < Rounds)
                {
                    contested.Add((subscription, deliveries));
                }
                else
                {
                    // Paced by other instances every time we tried: released for the next pass.
                    foreach (var delivery in deliveries)
                    {
                        delivery.LeaseUntil = null;
                    }
                }
            }
            if (contested.Count > 0)
            {
                var current = await store.PacedUntilAsync([.. contested.Select(c => c.Subscription.Id)], CancellationToken.None);
                foreach (var (subscription, _) in contested)
                {
                    subscription.PacedUntil = current.GetValueOrDefault(subscription.Id);
                }
            }
        }
        return granted;
    }

    private PacingGrant Grant(Subscription subscription, int wanted, DateTimeOffset now) =>
        DeliveryPacer.Grant(subscription.PacedUntil, now, wanted, options.Value.PerSubscriptionRate, options.Value.PerSubscriptionBurst);

    /// <summary>Spreads what is over the rate at the steady rate from the next free permit, rather than all due again at once.</summary>
    private void Defer(Subscription subscription, List<WebhookDelivery> deferred, DateTimeOffset nextFreeAt)
    {
        if (deferred.Count == 0)
        {
            return;
        }
        var interval = DeliveryPacer.Interval(options.Value.PerSubscriptionRate);
        for (var i = 0; i < deferred.Count; i++)
        {
            deferred[i].NextAttemptAt = nextFreeAt + (interval * i);
            deferred[i].LeaseUntil = null;
            deferred[i].Deferrals++;
        }
        LogDeferred(logger, subscription.Id, deferred.Count, nextFreeAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} over its rate limit: {Count} deliveries deferred from {NextFreeAt}")]
    private static partial void LogDeferred(ILogger logger, Guid subscriptionId, int count, DateTimeOffset nextFreeAt);
}
