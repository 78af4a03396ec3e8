namespace Nojor.Notifications.Webhooks;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One message to one subscriber, persisted before the first attempt. Its id is the
/// <c>webhook-id</c> on every attempt, so receivers can deduplicate retries.
/// </summary>
public sealed class WebhookDelivery
{
    public required string Id { get; init; }

    public Guid SubscriptionId { get; init; }

    public required string EventType { get; init; }

    /// <summary>The exact bytes (as UTF-8 JSON) that are signed and sent.</summary>
    public required string Payload { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A worker holds the row until then; if it dies, another picks the row up afterwards.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public int? LastLatencyMs { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}
