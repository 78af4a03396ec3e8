using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// Writes outbox rows with PostgreSQL's binary COPY on the caller's open transaction, for bulk writers that store
/// their own rows the same way: the events commit (or roll back) with the change they describe. The caller wakes
/// the relay (<see cref="OutboxSignal"/>) after its commit; no SaveChanges interceptor sees a COPY.
/// </summary>
public static class OutboxBulkInsert
{
    /// <summary>A new row: due at once, never tried, unpublished.</summary>
    internal static readonly BinaryCopy<OutboxMessage> Copy = new BinaryCopy<OutboxMessage>()
        .Write(m => m.Id, NpgsqlDbType.Uuid)
        .Write(m => m.MessageType, NpgsqlDbType.Varchar)
        .Write(m => m.Body, NpgsqlDbType.Jsonb)
        .Write(m => m.OccurredAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .Write(m => m.TraceParent, NpgsqlDbType.Varchar)
        .Write(m => m.Attempts, NpgsqlDbType.Integer)
        .Write(m => m.NextAttemptAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .LeaveToDatabase(m => m.LastError, m => m.PublishedAt);

    public static Task CopyAsync(DbContext db, IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken) =>
        Copy.CopyAsync(db, messages, cancellationToken);
}
