using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Data;

namespace Nojor.Notifications.Retention;

/// <summary>
/// Deletes alerts and delivery history older than <see cref="RetentionOptions.KeepFor"/>, in batches. A delivery still
/// pending is never deleted, however old, and neither is its alert: retention never loses a message. Every instance
/// runs it; the batches skip rows another instance is deleting, so they share the work. Each run also erases signing
/// secrets whose grace period after a rotation has ended: they no longer sign anything, and kept they would only be
/// something more to leak.
/// </summary>
internal sealed partial class RetentionService(
    IServiceScopeFactory scopes,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CleanUpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCleanUpFailed(logger, ex);
            }
            try
            {
                await Task.Delay(options.Value.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One clean-up run; returns the rows deleted (attempts, deliveries, alerts).</summary>
    public async Task<(int Attempts, int Deliveries, int Alerts)> CleanUpAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = clock.GetUtcNow() - settings.KeepFor;
        var batch = settings.BatchSize;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();

        // Each table is walked in key order, which is creation order (identities, time-ordered UUIDv7 delivery ids), so a
        // batch reads from the oldest end of the primary key and stops at the first rows still inside the window.
        var attempts = await DeleteInBatchesAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM delivery_attempts WHERE "Id" IN (
                SELECT "Id" FROM delivery_attempts WHERE "AttemptedAt" < {cutoff} ORDER BY "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED)
            """, cancellationToken), batch);
        // Finished ones only; their remaining attempts go with them (cascade).
        var deliveries = await DeleteInBatchesAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM webhook_deliveries WHERE "Id" IN (
                SELECT "Id" FROM webhook_deliveries WHERE "CreatedAt" < {cutoff} AND "Status" <> 'Pending'
                ORDER BY "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED)
            """, cancellationToken), batch);
        // E-mails likewise (ids are "eml_" + UUIDv7, so in creation order); pending ones, held or retrying, stay.
        deliveries += await DeleteInBatchesAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM email_deliveries WHERE "Id" IN (
                SELECT "Id" FROM email_deliveries WHERE "CreatedAt" < {cutoff} AND "Status" <> 'Pending'
                ORDER BY "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED)
            """, cancellationToken), batch);
        var alerts = await DeleteInBatchesAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM alerts WHERE "Sequence" IN (
                SELECT a."Sequence" FROM alerts a WHERE a."CreatedAt" < {cutoff}
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d."AlertId" = a."Id" AND d."Status" = 'Pending')
                ORDER BY a."Sequence" LIMIT {batch} FOR UPDATE SKIP LOCKED)
            """, cancellationToken), batch);
        if (attempts + deliveries + alerts > 0)
        {
            LogCleanedUp(logger, attempts, deliveries, alerts, cutoff);
        }
        var erased = await EraseExpiredSecretsAsync(db, cancellationToken);
        if (erased > 0)
        {
            LogSecretsErased(logger, erased);
        }
        return (attempts, deliveries, alerts);
    }

    /// <summary>Erases the previous signing secrets whose grace period has ended; returns how many.</summary>
    public async Task<int> EraseExpiredSecretsAsync(NotificationDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE subscriptions SET "PreviousSecret" = NULL, "PreviousSecretExpiresAt" = NULL
            WHERE "PreviousSecretExpiresAt" <= {now}
            """, cancellationToken);
    }

    private static async Task<int> DeleteInBatchesAsync(Func<Task<int>> deleteBatch, int batchSize)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch();
            total += deleted;
        }
        while (deleted == batchSize);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention: deleted {Attempts} delivery attempts, {Deliveries} deliveries and {Alerts} alerts from before {Cutoff}")]
    private static partial void LogCleanedUp(ILogger logger, int attempts, int deliveries, int alerts, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: erased {Count} previous signing secrets past their grace period")]
    private static partial void LogSecretsErased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention clean-up failed; trying again at the next run")]
    private static partial void LogCleanUpFailed(ILogger logger, Exception exception);
}
