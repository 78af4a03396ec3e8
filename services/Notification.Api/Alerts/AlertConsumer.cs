using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nojor.Messaging.Inbox;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Base of the consumers that raise alerts: the alert and its deliveries commit with the inbox row,
/// and only then are its deliveries handed to the delivery worker and the alert to live streams.
/// </summary>
/// <remarks>
/// Alerts commit in the order of their sequence (the stream event id), across instances: every insert into the alerts
/// table takes an advisory lock before its row draws a sequence, and holds it until the commit (a statement trigger, see
/// the migration <c>AlertInsertsTakeTheLogLock</c>). A stream hub that has alert N can then read every lower one from the
/// log (<see cref="AlertSequencer"/>), and a client resuming after N misses none. The slow part (reading the recipients,
/// copying thousands of deliveries) comes before the insert, so before the lock; the message's inbox row is claimed before
/// that (<see cref="IdempotentConsumer{TMessage, TDbContext}"/>), so the lock is never held while waiting for another
/// instance's handling of the same message.
/// </remarks>
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
