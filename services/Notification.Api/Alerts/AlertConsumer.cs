using MassTransit;
using Nojor.Messaging.Inbox;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Base of the consumers that raise alerts: the alert and its deliveries commit with the inbox row,
/// and only then are its deliveries handed to the delivery worker and the alert to live streams.
/// </summary>
public abstract class AlertConsumer<TMessage>(NotificationDbContext db, AlertFanOut fanOut,
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
        fanOut.AnnounceCommitted();
        await broadcaster.PublishAsync(_raised, cancellationToken);
    }
}
