namespace Nojor.Messaging.Inbox;

/// <summary>Marks a broker message as handled by one consumer; its key makes handling idempotent.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    public required string Consumer { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }

    /// <summary>
    /// The instance that handled it (<see cref="ServiceInstance"/>): with several instances competing for one queue, this is
    /// how an operator sees that they share the work. Null on rows from before it was recorded.
    /// </summary>
    public string? HandledBy { get; init; }
}
