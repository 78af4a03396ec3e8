using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace Nojor.Notifications.Email;

/// <summary>
/// Writes hourly and daily digests: on every tick (<c>Email:DigestCheckInterval</c>, on the injected clock) it claims the
/// digest subscriptions whose period has ended, collects the alerts raised in that period that their filters want (the
/// same rule as the live stream's: matching breaking news, and the updates, corrections and retractions of the stories they
/// follow), and queues one e-mail each for the sender. The claim moves the period on in the same transaction that queues
/// the e-mail, with <c>FOR UPDATE SKIP LOCKED</c>, so every period is sent once, by one instance, even across restarts.
/// </summary>
internal sealed partial class EmailDigestJob(
    IServiceScopeFactory scopes,
    EmailSignal signal,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<EmailDigestJob> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DigestCheckInterval, clock);
        try
        {
            do
            {
                try
                {
                    while (await WriteDueDigestsAsync(stoppingToken) == options.Value.DigestBatchSize)
                    {
                        // A full batch: more periods may have ended; take them now rather than at the next tick.
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogPassFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims the subscriptions whose digest period has ended and queues their digests; returns how many were claimed.</summary>
    public async Task<int> WriteDueDigestsAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await ClaimAsync(db, now, settings, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }
        var ids = claimed.Keys.ToArray();
        var subscriptions = await db.EmailSubscriptions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        var from = claimed.Values.Min();
        var alerts = await db.Alerts.AsNoTracking()
            .Where(a => a.CreatedAt > from && a.CreatedAt <= now)
            .OrderBy(a => a.Sequence)
            .Select(a => new { a.Type, a.ArticleId, a.Facts, a.Payload, a.CreatedAt })
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var subscription in subscriptions)
        {
            var since = claimed[subscription.Id];
            var items = alerts
                .Where(a => a.CreatedAt > since && a.Facts.IsWantedBy(subscription.Filter))
                // One entry per report: its latest alert of the period (an update or correction replaces the breaking one).
                .GroupBy(a => a.ArticleId)
                .Select(g => g.Last())
                .OrderBy(a => a.CreatedAt)
                .Select(a => new EmailDigestItem(a.Type, a.CreatedAt, JsonSerializer.Deserialize<WebhookPayload<AlertData>>(a.Payload, Json)!.Data))
                .ToList();
            if (items.Count == 0)
            {
                // Nothing happened that the reader wants: no e-mail saying so.
                continue;
            }
            db.EmailDeliveries.Add(new EmailDelivery
            {
                Id = EmailDelivery.NewId(now),
                SubscriptionId = subscription.Id,
                Kind = EmailDelivery.DigestKind,
                Payload = new EmailDigest(since, now, items).ToJson(),
                CreatedAt = now,
                // Quiet hours hold a digest like any routine alert.
                NextAttemptAt = subscription.QuietHours?.SendAt(now, null) ?? now,
            });
            queued++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (queued > 0)
        {
            signal.Notify();
            LogQueued(logger, queued);
        }
        return claimed.Count;
    }

    /// <summary>Moves each due subscription's period on to <paramref name="now"/> and returns where its period started.</summary>
    private static async Task<Dictionary<Guid, DateTimeOffset>> ClaimAsync(NotificationDbContext db, DateTimeOffset now, EmailOptions settings,
        CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("""
            WITH due AS (
                SELECT "Id", "DigestSince" FROM email_subscriptions
                WHERE "ConfirmedAt" IS NOT NULL AND "IsActive" AND "Frequency" <> 'Immediate' AND "DigestSince" IS NOT NULL
                  AND "DigestSince" + (CASE WHEN "Frequency" = 'Hourly' THEN @hourly ELSE @daily END) <= @now
                ORDER BY "DigestSince"
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            UPDATE email_subscriptions AS s SET "DigestSince" = @now FROM due WHERE s."Id" = due."Id"
            RETURNING s."Id", due."DigestSince"
            """, connection, (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("hourly", NpgsqlDbType.Interval) { TypedValue = settings.HourlyDigestEvery });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("daily", NpgsqlDbType.Interval) { TypedValue = settings.DailyDigestEvery });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<int>("batch", NpgsqlDbType.Integer) { TypedValue = settings.DigestBatchSize });
        var claimed = new Dictionary<Guid, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return claimed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} e-mail digests")]
    private static partial void LogQueued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail digest pass failed; retrying on the next tick")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
