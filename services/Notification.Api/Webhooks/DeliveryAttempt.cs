namespace Nojor.Notifications.Webhooks;

/// <summary>One HTTP attempt of a delivery, for the subscriber's delivery log.</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; init; }

    public required string DeliveryId { get; init; }

    public Guid SubscriptionId { get; init; }

    public int Number { get; init; }

    public DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The endpoint's HTTP status; null when no answer came (timeout, refused connection).</summary>
    public int? StatusCode { get; init; }

    public int LatencyMs { get; init; }

    public string? Error { get; init; }

    /// <summary>The service instance that made the attempt (<see cref="Nojor.Messaging.ServiceInstance"/>); null on rows from before it was recorded.</summary>
    public string? AttemptedBy { get; init; }
}
