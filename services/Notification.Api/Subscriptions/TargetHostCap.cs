using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Nojor.Notifications.Data;

namespace Nojor.Notifications.Subscriptions;

/// <summary>
/// The cap on subscriptions per target host (<see cref="SubscriptionOptions.MaxPerTargetHost"/>). Creations and URL
/// changes towards one host are serialised with a transaction-scoped advisory lock, so requests racing each other
/// cannot all pass the count and overshoot the cap together.
/// </summary>
internal static class TargetHostCap
{
    /// <summary>First key of the two-part advisory lock: this lock's own space, apart from any other the database takes.</summary>
    private const int LockSpace = 0x4e4a_0001;

    /// <summary>Begins the transaction the check and the write share, holding the host's lock until it ends.</summary>
    public static async Task<IDbContextTransaction?> LockAsync(NotificationDbContext db, string host, CancellationToken cancellationToken)
    {
        if (!db.Database.IsRelational())
        {
            return null;
        }
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, hashtext({host}))", cancellationToken);
        return transaction;
    }

    /// <summary>Why another subscription may not point at <paramref name="host"/>, or null while it is under the cap.</summary>
    public static async Task<string?> FindProblemAsync(NotificationDbContext db, string host, Guid? except, int cap,
        CancellationToken cancellationToken)
    {
        // Webhooks only: browser push subscriptions share a few push services' hosts by design, and are not aimed by their makers.
        var count = await db.Subscriptions.CountAsync(s => s.TargetHost == host && s.Id != except && s.PushKey == null, cancellationToken);
        return count >= cap ? $"{cap} subscriptions already point at '{host}', the most one host may receive." : null;
    }
}
