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

    public async Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        return await db.Set<OutboxMessage>()
            .Where(m => m.PublishedAt != null && m.PublishedAt < publishedBefore)
            .ExecuteDeleteAsync(cancellationToken);
    }

    private sealed class Batch(AsyncServiceScope scope, DbContext db, IDbContextTransaction transaction, List<OutboxMessage> messages)
        : IOutboxBatch
    {
        public IReadOnlyList<OutboxMessage> Messages => messages;

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
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
