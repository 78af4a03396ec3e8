using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// What every delivery channel's subscriber shares for routing: an id and the filters. The consumers decide who gets an
/// alert with one predicate over this, so webhooks and every other channel follow the same routing rules.
/// </summary>
public interface IAlertRecipient
{
    Guid Id { get; }

    SubscriptionFilter Filter { get; }
}
