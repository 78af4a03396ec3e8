using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// Notes the outbox rows a SaveChanges writes and, with hand-off on, reserves them for this process; announces them
/// once SaveChanges committed on its own (no explicit transaction).
/// </summary>
internal sealed class OutboxSaveChangesInterceptor(CommittedOutboxAnnouncer announcer, IOptions<OutboxOptions> options, TimeProvider clock)
    : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(SavingChanges(eventData, result));

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(SavedChanges(eventData, result));

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not { } db)
        {
            return result;
        }
        List<OutboxMessage>? added = null;
        foreach (var entry in db.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State == EntityState.Added)
            {
                (added ??= []).Add(entry.Entity);
            }
        }
        if (added is not null)
        {
            // Reserved for the hand-off at commit: no table relay takes them before it has published them.
            var reservedUntil = clock.GetUtcNow() + options.Value.HandOffReservation;
            foreach (var message in added)
            {
                message.NextAttemptAt = reservedUntil;
            }
            PendingOutbox.Add(db, db.Database.CurrentTransaction?.TransactionId, added);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null)
        {
            announcer.Announce(PendingOutbox.Take(db, transaction: null));
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db)
        {
            PendingOutbox.ForgetUnsaved(db);
        }
    }
}

/// <summary>Announces the outbox rows of an explicit transaction once, and only if, it commits.</summary>
internal sealed class OutboxTransactionInterceptor(CommittedOutboxAnnouncer announcer) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } db)
        {
            announcer.Announce(PendingOutbox.Take(db, eventData.TransactionId));
        }
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } db)
        {
            PendingOutbox.Take(db, eventData.TransactionId);
        }
    }
}

/// <summary>Hands committed rows over to the relay in memory.</summary>
internal sealed class CommittedOutboxAnnouncer(OutboxHandOff handOff)
{
    public void Announce(List<OutboxMessage>? committed)
    {
        if (committed is { Count: > 0 })
        {
            handOff.Add(committed);
        }
    }
}

/// <summary>
/// The outbox rows each context instance has written and not yet announced, with the transaction they were written in.
/// Only rows of the transaction that committed are announced: a row of a transaction that was rolled back or abandoned
/// never reached the table, and handing it over would publish an event for a change that did not happen. Transactions
/// are told apart by EF's id for each: Npgsql reuses one transaction object per connection.
/// </summary>
internal static class PendingOutbox
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<(Guid? Transaction, OutboxMessage Message)>> Pending = [];

    public static void Add(DbContext db, Guid? transaction, List<OutboxMessage> messages)
    {
        var pending = Pending.GetOrCreateValue(db);
        lock (pending)
        {
            foreach (var message in messages)
            {
                if (!pending.Exists(p => p.Transaction == transaction && ReferenceEquals(p.Message, message)))
                {
                    pending.Add((transaction, message));
                }
            }
        }
    }

    /// <summary>Removes and returns the rows written in <paramref name="transaction"/> (null: by SaveChanges on its own).</summary>
    public static List<OutboxMessage>? Take(DbContext db, Guid? transaction)
    {
        if (!Pending.TryGetValue(db, out var pending))
        {
            return null;
        }
        lock (pending)
        {
            var taken = pending.Where(p => p.Transaction == transaction).Select(p => p.Message).ToList();
            pending.RemoveAll(p => p.Transaction == transaction);
            return taken;
        }
    }

    /// <summary>After a failed SaveChanges: forgets the rows it was writing (still Added, so a retry notes them again).</summary>
    public static void ForgetUnsaved(DbContext db)
    {
        if (Pending.TryGetValue(db, out var pending))
        {
            lock (pending)
            {
                pending.RemoveAll(p => db.Entry(p.Message).State == EntityState.Added);
            }
        }
    }
}
