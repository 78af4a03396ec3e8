namespace Nojor.Notifications.Subscriptions;

/// <summary>A webhook endpoint that wants breaking-news alerts.</summary>
public sealed class Subscription
{
    public const int UrlMaxLength = 2048;

    public Guid Id { get; init; }

    public required string Url { get; set; }

    /// <summary>Standard Webhooks signing secret (<c>whsec_</c> + base64 key). Shown once, never logged.</summary>
    public required string Secret { get; set; }

    /// <summary>SHA-256 of the management token; the token itself is only ever in the subscriber's hands.</summary>
    public required byte[] ManagementTokenHash { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Why delivery was turned off (410 from the endpoint, long failure), for the subscriber to see.</summary>
    public string? DisabledReason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
