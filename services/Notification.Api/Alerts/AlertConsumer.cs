using MassTransit;
using Nojor.Messaging.Inbox;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Base of the consumers that raise alerts: the alert and its deliveries commit with the inbox row,
/// and only then is the delivery worker woken and the alert handed to live streams.
/// </summary>
public abstract class AlertConsumer<TMessage>(NotificationDbContext db, AlertFanOut fanOut, DeliverySignal signal,
    IAlertBroadcaster broadcaster, TimeProvider clock, ILogger logger)
    : IdempotentConsumer<TMessage, NotificationDbContext>(db, clock, logger)
    where TMessage : class
{
    private Alert? _raised;

    protected AlertFanOut FanOut => fanOut;

    protected sealed override async Task HandleAsync(TMessage message, ConsumeContext<TMessage> context, CancellationToken cancellationToken) =>
        _raised = await RaiseAsync(message, context.MessageId!.Value, cancellationToken);

    /// <summary>Raises the message's alert through <see cref="FanOut"/>, or returns null when it warrants none.</summary>
    protected abstract Task<Alert?> RaiseAsync(TMessage message, Guid messageId, CancellationToken cancellationToken);

    protected sealed override async Task AfterCommitAsync(TMessage message, CancellationToken cancellationToken)
    {
        if (_raised is null)
        {
            return;
        }
        signal.Notify();
        await broadcaster.PublishAsync(_raised, cancellationToken);
    }
}
