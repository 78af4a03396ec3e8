using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// What fan-out needs of a subscription: who it is, what it wants and when it may be disturbed. Reading only these
/// columns (not secrets, URLs and state) keeps matching ten thousand subscriptions to one alert cheap.
/// </summary>
public sealed record Recipient(Guid Id, SubscriptionFilter Filter, QuietHours? QuietHours);
