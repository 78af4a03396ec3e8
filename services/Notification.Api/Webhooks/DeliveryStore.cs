using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Nojor.Messaging;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;
using Npgsql;
using NpgsqlTypes;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// The delivery worker's reads and writes, each a single set-based statement: a pass over hundreds of deliveries costs
/// a handful of round trips instead of one statement per row, which is what bounded the fan-out rate.
/// </summary>
internal sealed class DeliveryStore(NotificationDbContext db)
{
    /// <summary>The delivery log's rows; the id is the table's identity.</summary>
    internal static readonly BinaryCopy<DeliveryAttempt> AttemptsCopy = new BinaryCopy<DeliveryAttempt>()
        .Write(a => a.DeliveryId, NpgsqlDbType.Varchar)
        .Write(a => a.SubscriptionId, NpgsqlDbType.Uuid)
        .Write(a => a.Number, NpgsqlDbType.Integer)
        .Write(a => a.AttemptedAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .WriteOptional(a => a.StatusCode, NpgsqlDbType.Integer)
        .Write(a => a.LatencyMs, NpgsqlDbType.Integer)
        .Write(a => a.Error, NpgsqlDbType.Varchar)
        .Write(a => a.AttemptedBy, NpgsqlDbType.Varchar)
        .LeaveToDatabase(a => a.Id);

    /// <summary>
    /// Leases due deliveries with <c>FOR UPDATE SKIP LOCKED</c>, so several instances share the work without sending a
    /// row twice; a lease that outlives a crashed worker expires and the row is picked up again with the same id.
    /// Deliveries of a paused subscription, or of one whose endpoint is not verified, wait; verification requests do not.
    /// </summary>
    public Task<List<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize,
        CancellationToken cancellationToken) =>
        db.Deliveries.FromSql($"""
            UPDATE webhook_deliveries SET "LeaseUntil" = {leaseUntil}
            WHERE "Id" IN (
                SELECT "Id" FROM webhook_deliveries
                WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                  AND ("EventType" = {AlertTypes.Verification}
                       OR "SubscriptionId" NOT IN (SELECT "Id" FROM subscriptions WHERE "IsPaused" OR "VerifiedAt" IS NULL))
                ORDER BY "NextAttemptAt"
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// When the earliest pending delivery not yet due comes due (read off the pending rows' index), or null if none is
    /// waiting. Rows already due but not leasable (held by another worker, or paused) are not counted: they would make
    /// the worker spin; the poll interval looks at them again.
    /// </summary>
    public Task<DateTimeOffset?> NextDueAtAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt > now)
            .MinAsync(d => (DateTimeOffset?)d.NextAttemptAt, cancellationToken);

    /// <summary>
    /// The messages of the alerts these deliveries carry, by alert id: an alert's deliveries do not repeat its payload.
    /// A pass leased from one fan-out asks for one row. An alert retention has deleted is missing from the answer.
    /// </summary>
    public async Task<Dictionary<string, string>> AlertPayloadsAsync(IEnumerable<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        var wanted = deliveries.Where(d => d.Payload is null && d.AlertId is not null).Select(d => d.AlertId!).Distinct().ToArray();
        return wanted.Length == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await db.Alerts.AsNoTracking().Where(a => wanted.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.Payload, StringComparer.Ordinal, cancellationToken);
    }

    public Task<Dictionary<Guid, Subscription>> SubscriptionsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.ToArray();
        return db.Subscriptions.AsNoTracking().Where(s => wanted.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
    }

    /// <summary>
    /// Stores the new pacing state of each subscription only where it still holds the value the grant was computed
    /// from (compare-and-set), and returns those that took it. A subscription another instance paced in the meantime
    /// is left alone; its deliveries wait for the next pass, so instances together never exceed the rate.
    /// </summary>
    public async Task<HashSet<Guid>> ClaimPermitsAsync(IReadOnlyList<(Guid Id, DateTimeOffset? Expected, DateTimeOffset PacedUntil)> claims,
        CancellationToken cancellationToken)
    {
        var claimed = new HashSet<Guid>();
        if (claims.Count == 0)
        {
            return claimed;
        }
        await using var command = await CommandAsync("""
            UPDATE subscriptions AS s SET "PacedUntil" = c.paced_until
            FROM unnest(@ids, @expected, @paced_until) AS c(id, expected, paced_until)
            WHERE s."Id" = c.id AND s."PacedUntil" IS NOT DISTINCT FROM c.expected
            RETURNING s."Id"
            """, cancellationToken);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, claims.Select(c => c.Id)));
        command.Parameters.Add(Array("expected", NpgsqlDbType.TimestampTz, claims.Select(c => c.Expected?.ToUniversalTime())));
        command.Parameters.Add(Array("paced_until", NpgsqlDbType.TimestampTz, claims.Select(c => c.PacedUntil.ToUniversalTime())));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(reader.GetGuid(0));
        }
        return claimed;
    }

    /// <summary>The pacing state of each subscription as stored now, read again after losing a compare-and-set.</summary>
    public Task<Dictionary<Guid, DateTimeOffset?>> PacedUntilAsync(Guid[] ids, CancellationToken cancellationToken) =>
        db.Subscriptions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.PacedUntil, cancellationToken);

    /// <summary>
    /// Writes every leased delivery's outcome (sent, failed, deferred or released), the attempts for the delivery log and
    /// the subscriptions whose health changed, in one transaction.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<WebhookDelivery> deliveries, IReadOnlyCollection<DeliveryAttempt> attempts,
        IReadOnlyCollection<Subscription> changedSubscriptions, IReadOnlyCollection<VerificationOutcome> verifications,
        IReadOnlyCollection<Guid> endedPushSubscriptions, CancellationToken cancellationToken)
    {
        try
        {
            await RecordOnceAsync(deliveries, attempts, changedSubscriptions, verifications, endedPushSubscriptions, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A subscriber deleted their subscription while one of its deliveries was on the wire: the delivery went with it
            // (cascade), and its attempt has nothing to belong to. Failing the whole pass would leave every other outcome in
            // it unrecorded, and those messages would be sent again once their lease ran out. The attempts of deliveries
            // that still exist are recorded instead (COPY cannot skip a row, and checking first would slow every pass).
            var ids = attempts.Select(a => a.DeliveryId).Distinct().ToArray();
            var remaining = (await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            await RecordOnceAsync(deliveries, [.. attempts.Where(a => remaining.Contains(a.DeliveryId))], changedSubscriptions, verifications,
                endedPushSubscriptions, cancellationToken);
        }
    }

    private async Task RecordOnceAsync(IReadOnlyList<WebhookDelivery> deliveries, IReadOnlyCollection<DeliveryAttempt> attempts,
        IReadOnlyCollection<Subscription> changedSubscriptions, IReadOnlyCollection<VerificationOutcome> verifications,
        IReadOnlyCollection<Guid> endedPushSubscriptions, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UpdateDeliveriesAsync(deliveries, cancellationToken);
        await InsertAttemptsAsync(attempts, cancellationToken);
        await UpdateSubscriptionHealthAsync(changedSubscriptions, cancellationToken);
        await UpdateVerificationsAsync(verifications, cancellationToken);
        await RemovePushSubscriptionsAsync(endedPushSubscriptions, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes browser push subscriptions their push service said have ended (404/410), with their deliveries and attempts
    /// (cascade): the browser will never receive on that endpoint again. Webhooks are never deleted here, only disabled.
    /// </summary>
    private async Task RemovePushSubscriptionsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await using var command = await CommandAsync("""
            DELETE FROM subscriptions WHERE "Id" = ANY(@ids) AND "PushKey" IS NOT NULL
            """, cancellationToken);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, ids));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Marks endpoints verified (or says why not), each only if its challenge is still the current one: an echo from the
    /// old URL, arriving after the subscriber changed it or asked for a new request, verifies nothing.
    /// </summary>
    private async Task UpdateVerificationsAsync(IReadOnlyCollection<VerificationOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        await using var command = await CommandAsync("""
            UPDATE subscriptions AS s SET "VerifiedAt" = v.verified_at, "VerificationFailure" = v.failure
            FROM unnest(@ids, @challenges, @verified_at, @failure) AS v(id, challenge, verified_at, failure)
            WHERE s."Id" = v.id AND s."VerificationChallenge" = v.challenge
            """, cancellationToken);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, outcomes.Select(v => v.SubscriptionId)));
        command.Parameters.Add(Array("challenges", NpgsqlDbType.Varchar, outcomes.Select(v => v.Challenge)));
        command.Parameters.Add(Array("verified_at", NpgsqlDbType.TimestampTz, outcomes.Select(v => v.VerifiedAt?.ToUniversalTime())));
        command.Parameters.Add(Array("failure", NpgsqlDbType.Varchar, outcomes.Select(v => v.Failure is { Length: > 500 } f ? f[..500] : v.Failure)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task UpdateDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0)
        {
            return;
        }
        await using var command = await CommandAsync("""
            UPDATE webhook_deliveries AS d SET
                "Status" = o.status, "Attempts" = o.attempts, "NextAttemptAt" = o.next_attempt_at,
                "FirstAttemptAt" = o.first_attempt_at, "LeaseUntil" = o.lease_until, "LastStatusCode" = o.last_status_code,
                "LastError" = o.last_error, "LastLatencyMs" = o.last_latency_ms, "DeliveredAt" = o.delivered_at,
                "Deferrals" = o.deferrals
            FROM unnest(@ids, @status, @attempts, @next_attempt_at, @first_attempt_at, @lease_until, @last_status_code,
                        @last_error, @last_latency_ms, @delivered_at, @deferrals)
                AS o(id, status, attempts, next_attempt_at, first_attempt_at, lease_until, last_status_code,
                     last_error, last_latency_ms, delivered_at, deferrals)
            WHERE d."Id" = o.id
            """, cancellationToken);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Varchar, deliveries.Select(d => d.Id)));
        command.Parameters.Add(Array("status", NpgsqlDbType.Varchar, deliveries.Select(d => d.Status.ToString())));
        command.Parameters.Add(Array("attempts", NpgsqlDbType.Integer, deliveries.Select(d => d.Attempts)));
        command.Parameters.Add(Array("next_attempt_at", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.NextAttemptAt.ToUniversalTime())));
        command.Parameters.Add(Array("first_attempt_at", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.FirstAttemptAt?.ToUniversalTime())));
        command.Parameters.Add(Array("lease_until", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.LeaseUntil?.ToUniversalTime())));
        command.Parameters.Add(Array("last_status_code", NpgsqlDbType.Integer, deliveries.Select(d => d.LastStatusCode)));
        command.Parameters.Add(Array("last_error", NpgsqlDbType.Varchar, deliveries.Select(d => d.LastError)));
        command.Parameters.Add(Array("last_latency_ms", NpgsqlDbType.Integer, deliveries.Select(d => d.LastLatencyMs)));
        command.Parameters.Add(Array("delivered_at", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.DeliveredAt?.ToUniversalTime())));
        command.Parameters.Add(Array("deferrals", NpgsqlDbType.Integer, deliveries.Select(d => d.Deferrals)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task InsertAttemptsAsync(IReadOnlyCollection<DeliveryAttempt> attempts, CancellationToken cancellationToken) =>
        attempts.Count == 0 ? Task.CompletedTask : AttemptsCopy.CopyAsync(db, attempts, cancellationToken);

    private async Task UpdateSubscriptionHealthAsync(IReadOnlyCollection<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        if (subscriptions.Count == 0)
        {
            return;
        }
        // Only the columns the worker owns: an edit, pause or secret rotation made meanwhile through the API stands.
        await using var command = await CommandAsync("""
            UPDATE subscriptions AS s SET "FailingSince" = h.failing_since, "IsActive" = h.is_active, "DisabledReason" = h.disabled_reason
            FROM unnest(@ids, @failing_since, @is_active, @disabled_reason) AS h(id, failing_since, is_active, disabled_reason)
            WHERE s."Id" = h.id
            """, cancellationToken);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, subscriptions.Select(s => s.Id)));
        command.Parameters.Add(Array("failing_since", NpgsqlDbType.TimestampTz, subscriptions.Select(s => s.FailingSince?.ToUniversalTime())));
        command.Parameters.Add(Array("is_active", NpgsqlDbType.Boolean, subscriptions.Select(s => s.IsActive)));
        command.Parameters.Add(Array("disabled_reason", NpgsqlDbType.Varchar, subscriptions.Select(s => s.DisabledReason)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
