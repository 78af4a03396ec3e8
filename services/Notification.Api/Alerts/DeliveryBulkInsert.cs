using Microsoft.EntityFrameworkCore;
using Nojor.Messaging;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// Writes an alert's pending deliveries with PostgreSQL's binary COPY on the consumer's open transaction, so they
/// commit (or roll back) with the alert and the inbox row. Tracking ten thousand entities and inserting them through
/// SaveChanges took seconds; COPY takes a fraction of that, and every recipient waits on this step.
/// </summary>
internal static class DeliveryBulkInsert
{
    private static readonly string Copy = $"""
        COPY {NotificationDbContext.DeliveriesTable} ("Id", "SubscriptionId", "AlertId", "EventType", "Payload", "CreatedAt",
            "Status", "Attempts", "Deferrals", "NextAttemptAt", "LeaseUntil", "AlertTraceParent") FROM STDIN (FORMAT BINARY)
        """;

    public static async Task CopyAsync(NotificationDbContext db, IEnumerable<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var import = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var delivery in deliveries)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(delivery.Id, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(delivery.SubscriptionId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(delivery.AlertId!, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(delivery.EventType, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(delivery.Payload, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(delivery.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(delivery.Status.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(delivery.Attempts, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(delivery.Deferrals, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(delivery.NextAttemptAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteNullableAsync(delivery.LeaseUntil?.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteNullableAsync(delivery.AlertTraceParent, NpgsqlDbType.Varchar, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }
}
