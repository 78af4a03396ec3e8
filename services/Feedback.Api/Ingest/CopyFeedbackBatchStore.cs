using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Data;
using Nojor.Messaging;
using Nojor.Messaging.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Nojor.Feedback.Ingest;

/// <summary>
/// Writes a batch with two binary COPYs, the rows and then their outbox events, in one transaction, so every event
/// exists if and only if its row does. Inserting them through SaveChanges cost change tracking in this service and
/// the parsing and planning of two INSERTs per submission in PostgreSQL, the largest share of the ingest's CPU.
/// The beta overview's cached counts are invalidated once per batch instead of once per submission.
/// </summary>
internal sealed class CopyFeedbackBatchStore(IServiceScopeFactory scopes, AggregateCache cache, OutboxSignal outboxSignal) : IFeedbackBatchStore
{
    private static readonly string Copy = $"""
        COPY {FeedbackDbContext.BetaFeedbackTable} ("Id", "Kind", "Text", "Page", "ContactEmail", "ReaderId", "ReceivedAt", "Status")
        FROM STDIN (FORMAT BINARY)
        """;

    public async Task SaveAsync(IReadOnlyList<FeedbackSubmission> batch, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await CopyRowsAsync(connection, batch, cancellationToken);
            await OutboxBulkInsert.CopyAsync(connection, batch.Select(s => s.Outbox), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // No SaveChanges saw these outbox rows, so no interceptor wakes the relay: wake it here, after the commit.
        outboxSignal.Notify();
        // Once per batch, and before any of its requests is answered: a reader who got 201 sees the new counts.
        await cache.InvalidateAsync(AggregateScopes.BetaOverview);
    }

    public async Task<bool> IsStoredAsync(Guid feedbackId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        return await db.BetaFeedback.AnyAsync(f => f.Id == feedbackId, cancellationToken);
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, IReadOnlyList<FeedbackSubmission> batch, CancellationToken cancellationToken)
    {
        await using var import = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var submission in batch)
        {
            var feedback = submission.Feedback;
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(feedback.Id, NpgsqlDbType.Uuid, cancellationToken);
            // Stored by name, as the model's enum-to-string conversions store them.
            await import.WriteAsync(feedback.Kind.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(feedback.Text, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteNullableAsync(feedback.Page, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteNullableAsync(feedback.ContactEmail, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteNullableAsync(feedback.ReaderId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(feedback.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(feedback.Status.ToString(), NpgsqlDbType.Varchar, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }
}
