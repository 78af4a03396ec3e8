using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Email;

/// <summary>
/// One e-mail to one subscriber, persisted before the first attempt and sent by <see cref="EmailDeliveryWorker"/> under a
/// lease, like a webhook delivery. Its id is the message's <c>Message-ID</c> on every attempt, so a retry after a lost
/// answer is recognisable as the same message.
/// </summary>
public sealed class EmailDelivery
{
    /// <summary>The confirmation message of double opt-in: the only one sent to an address not yet confirmed.</summary>
    public const string ConfirmationKind = "email.confirmation";

    /// <summary>An hourly or daily digest: its payload lists the alerts of the period (<see cref="EmailDigest"/>).</summary>
    public const string DigestKind = "email.digest";

    public required string Id { get; init; }

    public Guid SubscriptionId { get; init; }

    /// <summary>The alert sent; null for a confirmation. Unique per subscription: one alert never reaches an address twice.</summary>
    public string? AlertId { get; init; }

    /// <summary><see cref="ConfirmationKind"/>, or the alert's type (<c>article.breaking</c>…).</summary>
    public required string Kind { get; init; }

    /// <summary>The alert message as webhooks carry it, or a digest's alerts (the e-mail is written from it when sent); empty for a confirmation.</summary>
    public required string Payload { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? FirstAttemptAt { get; set; }

    /// <summary>A worker holds the row until then; if it dies, another picks the row up afterwards.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The W3C <c>traceparent</c> of the span that raised the alert, which every attempt's span links to; null for confirmations and digests.</summary>
    public string? AlertTraceParent { get; init; }

    public static string NewId(DateTimeOffset now) => "eml_" + Guid.CreateVersion7(now).ToString("N");
}
