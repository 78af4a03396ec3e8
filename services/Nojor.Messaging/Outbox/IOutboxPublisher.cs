namespace Nojor.Messaging.Outbox;

/// <summary>Hands one outbox row to the broker; completes only once the broker confirmed it.</summary>
public interface IOutboxPublisher
{
    Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken);
}
