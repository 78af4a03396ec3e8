namespace Nojor.Messaging.Inbox;

/// <summary>Marks a broker message as handled by one consumer; its key makes handling idempotent.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    public required string Consumer { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}
