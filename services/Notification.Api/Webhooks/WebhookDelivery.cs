namespace Nojor.Notifications.Webhooks;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,

    /// <summary>Not yet sent when a newer alert on the same story replaced it; the newer one is sent instead.</summary>
    Superseded,
}

/// <summary>
/// One message to one subscriber, persisted before the first attempt. Its id is the
/// <c>webhook-id</c> on every attempt, so receivers can deduplicate retries.
/// </summary>
public sealed class WebhookDelivery
{
    public required string Id { get; init; }

    public Guid SubscriptionId { get; init; }

    /// <summary>The alert sent; null for a test ping. Unique per subscription: one alert never reaches a subscriber twice.</summary>
    public string? AlertId { get; init; }

    public required string EventType { get; init; }

    /// <summary>
    /// The exact bytes (as UTF-8 JSON) that are signed and sent, for a delivery that carries its own (a test ping, a
    /// verification request). Null for an alert's deliveries: every recipient gets the same message, kept once on the
    /// alert (<see cref="Alerts.Alert.Payload"/>), so a fan-out to thousands does not write, lease and rewrite a copy
    /// per recipient.
    /// </summary>
    public string? Payload { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When retrying started; retries stop <c>Webhooks:RetryFor</c> after it. A replay starts it afresh.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }

    /// <summary>A worker holds the row until then; if it dies, another picks the row up afterwards.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public int? LastLatencyMs { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that raised the alert (the consumer's), which every attempt's span links to;
    /// null for pings, verification requests and rows from before it was kept.
    /// </summary>
    public string? AlertTraceParent { get; init; }

    /// <summary>How many times the per-subscription rate limit put this delivery off (it stays pending, unattempted).</summary>
    public int Deferrals { get; set; }

    public static string NewId(DateTimeOffset now) => "msg_" + Guid.CreateVersion7(now).ToString("N");
}
