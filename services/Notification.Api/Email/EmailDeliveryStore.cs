using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Nojor.Messaging;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace Nojor.Notifications.Email;

/// <summary>
/// The e-mail sender's reads and writes, each one set-based statement (as <see cref="DeliveryStore"/> does for webhooks):
/// ten thousand messages cost a handful of round trips per batch, not one per message.
/// </summary>
internal sealed class EmailDeliveryStore(NotificationDbContext db)
{
    /// <summary>Above this many rows an alert's e-mails are written with COPY instead of tracked entities.</summary>
    public const int BulkInsertAbove = 50;

    /// <summary>
    /// Leases due messages with <c>FOR UPDATE SKIP LOCKED</c>, so instances share the work without sending one twice; a
    /// lease that outlives a crashed worker expires and the row goes out from another instance with the same Message-ID.
    /// Alerts wait for a confirmed, active address; confirmations go to any address still subscribed.
    /// </summary>
    public Task<List<EmailDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken) =>
        db.EmailDeliveries.FromSql($"""
            UPDATE email_deliveries SET "LeaseUntil" = {leaseUntil}
            WHERE "Id" IN (
                SELECT d."Id" FROM email_deliveries d
                WHERE d."Status" = 'Pending' AND d."NextAttemptAt" <= {now} AND (d."LeaseUntil" IS NULL OR d."LeaseUntil" < {now})
                ORDER BY d."NextAttemptAt"
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

    public Task<DateTimeOffset?> NextDueAtAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.EmailDeliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt > now)
            .MinAsync(d => (DateTimeOffset?)d.NextAttemptAt, cancellationToken);

    public Task<Dictionary<Guid, EmailSubscription>> SubscriptionsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.ToArray();
        return db.EmailSubscriptions.AsNoTracking().Where(s => wanted.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
    }

    /// <summary>Writes every leased message's outcome and disables the addresses the mail server refused for good, in one transaction.</summary>
    public async Task RecordAsync(IReadOnlyList<EmailDelivery> deliveries, IReadOnlyDictionary<Guid, string> refused, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (deliveries.Count > 0)
        {
            await using var command = await CommandAsync("""
                UPDATE email_deliveries AS d SET
                    "Status" = o.status, "Attempts" = o.attempts, "NextAttemptAt" = o.next_attempt_at, "FirstAttemptAt" = o.first_attempt_at,
                    "LeaseUntil" = o.lease_until, "LastError" = o.last_error, "DeliveredAt" = o.delivered_at
                FROM unnest(@ids, @status, @attempts, @next_attempt_at, @first_attempt_at, @lease_until, @last_error, @delivered_at)
                    AS o(id, status, attempts, next_attempt_at, first_attempt_at, lease_until, last_error, delivered_at)
                WHERE d."Id" = o.id
                """, cancellationToken);
            command.Parameters.Add(Array("ids", NpgsqlDbType.Varchar, deliveries.Select(d => d.Id)));
            command.Parameters.Add(Array("status", NpgsqlDbType.Varchar, deliveries.Select(d => d.Status.ToString())));
            command.Parameters.Add(Array("attempts", NpgsqlDbType.Integer, deliveries.Select(d => d.Attempts)));
            command.Parameters.Add(Array("next_attempt_at", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.NextAttemptAt.ToUniversalTime())));
            command.Parameters.Add(Array("first_attempt_at", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.FirstAttemptAt?.ToUniversalTime())));
            command.Parameters.Add(Array("lease_until", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.LeaseUntil?.ToUniversalTime())));
            command.Parameters.Add(Array("last_error", NpgsqlDbType.Varchar, deliveries.Select(d => d.LastError is { Length: > 1000 } e ? e[..1000] : d.LastError)));
            command.Parameters.Add(Array("delivered_at", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.DeliveredAt?.ToUniversalTime())));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (refused.Count > 0)
        {
            // The address is off until its owner subscribes and confirms again; what was still queued for it is dropped.
            await using var disable = await CommandAsync("""
                UPDATE email_subscriptions AS s SET "IsActive" = false, "DisabledReason" = r.reason
                FROM unnest(@ids, @reasons) AS r(id, reason) WHERE s."Id" = r.id;
                UPDATE email_deliveries SET "Status" = 'Failed', "LastError" = 'The address was disabled.'
                WHERE "SubscriptionId" = ANY(@ids) AND "Status" = 'Pending' AND "Kind" <> 'email.confirmation';
                """, cancellationToken);
            disable.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, refused.Keys));
            disable.Parameters.Add(Array("reasons", NpgsqlDbType.Varchar, refused.Values.Select(r => r.Length > 500 ? r[..500] : r)));
            await disable.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A new message: pending, never attempted.</summary>
    internal static readonly BinaryCopy<EmailDelivery> Copy = new BinaryCopy<EmailDelivery>()
        .Write(d => d.Id, NpgsqlDbType.Varchar)
        .Write(d => d.SubscriptionId, NpgsqlDbType.Uuid)
        .Write(d => d.AlertId, NpgsqlDbType.Varchar)
        .Write(d => d.Kind, NpgsqlDbType.Varchar)
        .Write(d => d.Payload, NpgsqlDbType.Text)
        .Write(d => d.CreatedAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .Write(d => d.Status, NpgsqlDbType.Varchar, status => status.ToString())
        .Write(d => d.Attempts, NpgsqlDbType.Integer)
        .Write(d => d.NextAttemptAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .Write(d => d.AlertTraceParent, NpgsqlDbType.Varchar)
        .LeaveToDatabase(d => d.FirstAttemptAt, d => d.LeaseUntil, d => d.LastError, d => d.DeliveredAt);

    /// <summary>Writes an alert's e-mails with binary COPY on the consumer's open transaction (they commit with the alert).</summary>
    public static Task CopyAsync(NotificationDbContext db, IEnumerable<EmailDelivery> deliveries, CancellationToken cancellationToken) =>
        Copy.CopyAsync(db, deliveries, cancellationToken);

    private async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        return new NpgsqlCommand(sql, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
    }

    private static NpgsqlParameter<T[]> Array<T>(string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | elementType) { TypedValue = values.ToArray() };
}
