using Npgsql;
using NpgsqlTypes;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// Writes outbox rows with PostgreSQL's binary COPY on the caller's open transaction, for bulk writers that store
/// their own rows the same way: the events commit (or roll back) with the change they describe. The caller wakes
/// the relay (<see cref="OutboxSignal"/>) after its commit; no SaveChanges interceptor sees a COPY.
/// </summary>
public static class OutboxBulkInsert
{
    private static readonly string Copy = $"""
        COPY {MessagingModel.OutboxTable} (id, message_type, body, occurred_at, trace_parent, attempts, next_attempt_at)
        FROM STDIN (FORMAT BINARY)
        """;

    public static async Task CopyAsync(NpgsqlConnection connection, IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await using var import = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var message in messages)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(message.Id, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(message.MessageType, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(message.Body, NpgsqlDbType.Jsonb, cancellationToken);
            await import.WriteAsync(message.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteNullableAsync(message.TraceParent, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(message.Attempts, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(message.NextAttemptAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }
}
