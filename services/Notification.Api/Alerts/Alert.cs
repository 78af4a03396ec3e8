namespace Nojor.Notifications.Alerts;

/// <summary>
/// One notification raised from one article event. Its id derives from the event's message id, so a
/// re-published event maps onto the same alert. The table is also the recent log a live stream
/// resumes from (<see cref="Sequence"/> is the SSE event id).
/// </summary>
public sealed class Alert
{
    public long Sequence { get; init; }

    public required string Id { get; init; }

    public required string Type { get; init; }

    public Guid ArticleId { get; init; }

    /// <summary>Alerts on the same story (or, without one, the same article) supersede each other within the window.</summary>
    public Guid SupersedeKey { get; init; }

    public string? SupersedesAlertId { get; init; }

    public required AlertFacts Facts { get; init; }

    /// <summary>The Standard Webhooks envelope, exactly as signed and sent.</summary>
    public required string Payload { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The service instance whose consumer raised it (<see cref="Nojor.Messaging.ServiceInstance"/>); null on rows from before it was recorded.</summary>
    public string? RaisedBy { get; init; }

    public static string IdFor(Guid messageId) => "alr_" + messageId.ToString("N");
}
