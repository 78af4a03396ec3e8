using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>The part of a subscription the delivery worker changes; compared before and after a pass to write only what changed.</summary>
internal readonly record struct SubscriptionHealth(bool IsActive, DateTimeOffset? FailingSince, string? DisabledReason)
{
    public static SubscriptionHealth Of(Subscription subscription) =>
        new(subscription.IsActive, subscription.FailingSince, subscription.DisabledReason);
}
