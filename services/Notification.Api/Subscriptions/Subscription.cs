namespace Nojor.Notifications.Subscriptions;

/// <summary>A webhook endpoint that wants breaking-news alerts.</summary>
public sealed class Subscription
{
    public const int UrlMaxLength = 2048;

    public Guid Id { get; init; }

    public required string Url { get; set; }

    /// <summary>Standard Webhooks signing secret (<c>whsec_</c> + base64 key). Shown once, never logged.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation; it still signs until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    /// <summary>SHA-256 of the management token; the token itself is only ever in the subscriber's hands.</summary>
    public required byte[] ManagementTokenHash { get; set; }

    public SubscriptionFilter Filter { get; set; } = SubscriptionFilter.Everything;

    public QuietHours? QuietHours { get; set; }

    /// <summary>False once we stopped delivering (410 Gone, failing for too long); resuming turns it back on.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The subscriber paused delivery; alerts raised meanwhile are not queued for it.</summary>
    public bool IsPaused { get; set; }

    /// <summary>Why delivery was turned off (410 from the endpoint, long failure), for the subscriber to see.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>Start of the current run of failed attempts; cleared by any success.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>Pacing state of the per-subscription rate limit (see <c>DeliveryPacer</c>); null until the first delivery.</summary>
    public DateTimeOffset? PacedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool ReceivesAlerts => IsActive && !IsPaused;

    /// <summary>The secrets that sign a message sent at <paramref name="now"/>: the current one, plus the previous during its grace period.</summary>
    public IEnumerable<string> SigningSecrets(DateTimeOffset now)
    {
        yield return Secret;
        if (PreviousSecret is not null && PreviousSecretExpiresAt > now)
        {
            yield return PreviousSecret;
        }
    }
}
