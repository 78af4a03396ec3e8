using System.Text.Json;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// An integration event waiting to be relayed to the broker. It is inserted by the same
/// SaveChanges as the data it describes, so the event exists if and only if the change does.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Also the broker message id, so a re-publish after a lost confirm is deduplicated by consumers.</summary>
    public Guid Id { get; init; }

    /// <summary>Assembly-qualified-enough name to resolve the CLR type when relaying.</summary>
    public required string MessageType { get; init; }

    public required string Body { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>W3C traceparent of the request that caused the event, so the trace continues through the broker.</summary>
    public string? TraceParent { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set only once the broker confirmed the publish.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>
    /// The event itself, while the row is still the one staged in this process (handed over at commit): the relay
    /// publishes it without reading <see cref="Body"/> back. Null on rows read from the table; not mapped.
    /// </summary>
    internal object? Event { get; private init; }

    /// <summary>
    /// The row for <paramref name="integrationEvent"/>, due at once. It must be written in the same transaction as the
    /// change it describes: <see cref="OutboxDbContextExtensions.AddIntegrationEvent"/> does that through SaveChanges,
    /// <see cref="OutboxBulkInsert"/> with COPY.
    /// </summary>
    /// <param name="traceParent">The W3C id of the activity that caused the event, so its trace continues through the broker.</param>
    public static OutboxMessage For<TEvent>(TEvent integrationEvent, DateTimeOffset now, string? traceParent) where TEvent : class => new()
    {
        Id = Guid.CreateVersion7(now),
        MessageType = OutboxTypeNames.NameOf(typeof(TEvent)),
        // The only time the event is serialised: the relay sends this body as the message (see OutboxSerialization).
        Body = JsonSerializer.Serialize(integrationEvent, OutboxSerialization.Options),
        Event = integrationEvent,
        OccurredAt = now,
        NextAttemptAt = now,
        TraceParent = traceParent,
    };
}
