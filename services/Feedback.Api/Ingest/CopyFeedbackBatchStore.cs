using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Data;
using Nojor.Messaging;
using Nojor.Messaging.Outbox;
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
    /// <summary>A new submission: untriaged, unedited, not deleted.</summary>
    internal static readonly BinaryCopy<BetaFeedback> Copy = new BinaryCopy<BetaFeedback>()
        .Write(f => f.Id, NpgsqlDbType.Uuid)
        // Stored by name, as the model's enum-to-string conversions store them.
        .Write(f => f.Kind, NpgsqlDbType.Varchar, kind => kind.ToString())
        .Write(f => f.Text, NpgsqlDbType.Varchar)
        .Write(f => f.Page, NpgsqlDbType.Varchar)
        .Write(f => f.ContactEmail, NpgsqlDbType.Varchar)
        .WriteOptional(f => f.ReaderId, NpgsqlDbType.Uuid)
        .Write(f => f.ReceivedAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .Write(f => f.Status, NpgsqlDbType.Varchar, status => status.ToString())
        .LeaveToDatabase(f => f.EditedAt, f => f.DeletedAt, f => f.PublicReply, f => f.TriagedAt);

    public async Task SaveAsync(IReadOnlyList<FeedbackSubmission> batch, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await Copy.CopyAsync(db, batch.Select(s => s.Feedback), cancellationToken);
            await OutboxBulkInsert.CopyAsync(db, batch.Select(s => s.Outbox), cancellationToken);
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
}
