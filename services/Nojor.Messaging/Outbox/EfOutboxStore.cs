using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// PostgreSQL outbox: <c>FOR UPDATE SKIP LOCKED</c> lets several service instances relay in
/// parallel without publishing a row twice at the same time. Rows are claimed in the order of the
/// due-row index (a new row is due when it occurs), so a claim reads a batch off the index instead
/// of sorting every due row, which under a backlog is what made each pass slower than the last.
/// </summary>
internal sealed class EfOutboxStore<TDbContext>(IServiceScopeFactory scopes) : IOutboxStore where TDbContext : DbContext
{
    public async Task<IOutboxBatch> ClaimDueAsync(int maxCount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var messages = await db.Set<OutboxMessage>()
                .FromSql($"""
                    SELECT * FROM outbox_messages
                    WHERE published_at IS NULL AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at, occurred_at
                    LIMIT {maxCount}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            return new Batch(scope, db, transaction, messages);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    public async Task RecordAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        // The messages belong to the context that wrote them (perhaps still in use by its request): they are written
        // by statement here, never attached.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var published = messages.Where(m => m.PublishedAt is not null).ToList();
        if (published.Count > 0)
        {
            var ids = published.Select(m => m.Id).ToArray();
            var publishedAt = published.Max(m => m.PublishedAt);
            await db.Set<OutboxMessage>()
                .Where(m => ids.Contains(m.Id) && m.PublishedAt == null)
                .ExecuteUpdateAsync(update => update.SetProperty(m => m.PublishedAt, publishedAt), cancellationToken);
        }
        foreach (var failed in messages.Where(m => m.PublishedAt is null && m.LastError is not null))
        {
            await db.Set<OutboxMessage>()
                .Where(m => m.Id == failed.Id && m.PublishedAt == null)
                .ExecuteUpdateAsync(update => update
                    .SetProperty(m => m.Attempts, failed.Attempts)
                    .SetProperty(m => m.LastError, failed.LastError)
                    .SetProperty(m => m.NextAttemptAt, failed.NextAttemptAt), cancellationToken);
        }
    }

    public async Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        return await db.Set<OutboxMessage>()
            .Where(m => m.PublishedAt != null && m.PublishedAt < publishedBefore)
            .ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<OutboxBacklog> ReadBacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // Read off the due-row index, which holds exactly the unpublished rows.
        var backlog = await db.Database.SqlQuery<BacklogRow>($"""
            SELECT count(*) AS "Waiting", min(occurred_at) AS "OldestOccurredAt" FROM outbox_messages WHERE published_at IS NULL
            """).SingleAsync(cancellationToken);
        return new OutboxBacklog(backlog.Waiting, backlog.OldestOccurredAt);
    }

    private sealed class BacklogRow
    {
        public long Waiting { get; init; }

        public DateTimeOffset? OldestOccurredAt { get; init; }
    }

    private sealed class Batch(AsyncServiceScope scope, DbContext db, IDbContextTransaction transaction, List<OutboxMessage> messages)
        : IOutboxBatch
    {
        public IReadOnlyList<OutboxMessage> Messages => messages;

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            // The confirmed rows are marked with one statement rather than an UPDATE each through change tracking: under a
            // backlog the relay marks thousands a second. Only failed rows (new attempt count, error, next attempt) go
            // through SaveChanges.
            var published = messages.Where(m => m.PublishedAt is not null).ToList();
            if (published.Count > 0)
            {
                var ids = published.Select(m => m.Id).ToArray();
                var publishedAt = published.Max(m => m.PublishedAt);
                foreach (var message in published)
                {
                    db.Entry(message).State = EntityState.Unchanged;
                }
                await db.Set<OutboxMessage>()
                    .Where(m => ids.Contains(m.Id))
                    .ExecuteUpdateAsync(update => update.SetProperty(m => m.PublishedAt, publishedAt), cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await scope.DisposeAsync();
        }
    }
}
