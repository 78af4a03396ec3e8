using Nojor.Messaging;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;
using NpgsqlTypes;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Writes an alert's pending deliveries with PostgreSQL's binary COPY on the consumer's open transaction, so they
/// commit (or roll back) with the alert and the inbox row. Tracking ten thousand entities and inserting them through
/// SaveChanges took seconds; COPY takes a fraction of that, and every recipient waits on this step.
/// </summary>
internal static class DeliveryBulkInsert
{
    /// <summary>A new delivery: pending, never attempted (a hand-off may have leased it for this instance).</summary>
    internal static readonly BinaryCopy<WebhookDelivery> Copy = new BinaryCopy<WebhookDelivery>()
        .Write(d => d.Id, NpgsqlDbType.Varchar)
        .Write(d => d.SubscriptionId, NpgsqlDbType.Uuid)
        .Write(d => d.AlertId, NpgsqlDbType.Varchar)
        .Write(d => d.EventType, NpgsqlDbType.Varchar)
        .Write(d => d.Payload, NpgsqlDbType.Text)
        .Write(d => d.CreatedAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .Write(d => d.Status, NpgsqlDbType.Varchar, status => status.ToString())
        .Write(d => d.Attempts, NpgsqlDbType.Integer)
        .Write(d => d.Deferrals, NpgsqlDbType.Integer)
        .Write(d => d.NextAttemptAt, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .WriteOptional(d => d.LeaseUntil, NpgsqlDbType.TimestampTz, at => at.ToUniversalTime())
        .Write(d => d.AlertTraceParent, NpgsqlDbType.Varchar)
        .LeaveToDatabase(d => d.FirstAttemptAt, d => d.LastStatusCode, d => d.LastError, d => d.LastLatencyMs, d => d.DeliveredAt);

    public static Task CopyAsync(NotificationDbContext db, IEnumerable<WebhookDelivery> deliveries, CancellationToken cancellationToken) =>
        Copy.CopyAsync(db, deliveries, cancellationToken);
}
