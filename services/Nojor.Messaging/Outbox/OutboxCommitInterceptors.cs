using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nojor.Messaging.Outbox;

/// <summary>Wakes the relay after a SaveChanges that committed outbox rows on its own (no explicit transaction).</summary>
internal sealed class OutboxSaveChangesInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            PendingOutbox.Mark(db);
        }
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null && PendingOutbox.Take(db))
        {
            signal.Notify();
        }
        return ValueTask.FromResult(result);
    }
}

/// <summary>Wakes the relay when an explicit transaction that carried outbox rows commits.</summary>
internal sealed class OutboxTransactionInterceptor(OutboxSignal signal) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && PendingOutbox.Take(db))
        {
            signal.Notify();
        }
        return Task.CompletedTask;
    }
}

/// <summary>Remembers, per context instance, that outbox rows were written and not yet announced.</summary>
internal static class PendingOutbox
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Pending = [];

    public static void Mark(DbContext db) => Pending.AddOrUpdate(db, true);

    public static bool Take(DbContext db) => Pending.Remove(db);
}
