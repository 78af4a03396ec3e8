using Nojor.Messaging;

namespace Nojor.Notifications.Webhooks;

/// <summary>Raised after deliveries are committed, so the worker sends them at once.</summary>
public sealed class DeliverySignal : WakeSignal;
