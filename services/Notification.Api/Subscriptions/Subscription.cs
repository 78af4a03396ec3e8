namespace Nojor.Notifications.Subscriptions;

/// <summary>
/// A webhook endpoint that wants breaking-news alerts, or a reader's browser push subscription (<see cref="PushKey"/> set):
/// both get the same alerts through the same filters, quiet hours, supersede rules and durable delivery.
/// </summary>
public sealed class Subscription : Alerts.IAlertRecipient
{
    public const int UrlMaxLength = 2048;

    public Guid Id { get; init; }

    public required string Url { get; set; }

    /// <summary>
    /// The URL's host, lower-cased (IDN in its ASCII form): subscriptions are capped per target host, so one client cannot
    /// point thousands of alert streams at someone else's server.
    /// </summary>
    public required string TargetHost { get; set; }

    /// <summary>When the endpoint at <see cref="Url"/> echoed its verification challenge; null until then, and again after a URL change.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>The challenge of the latest verification request; only an echo of this one verifies the endpoint.</summary>
    public string? VerificationChallenge { get; set; }

    /// <summary>When the latest verification request was queued; re-sending is allowed after <c>Subscriptions:VerificationResendInterval</c>.</summary>
    public DateTimeOffset? VerificationRequestedAt { get; set; }

    /// <summary>Why the latest verification request failed (no echo, an error status, no answer); null while it is pending or after success.</summary>
    public string? VerificationFailure { get; set; }

    /// <summary>
    /// A browser push subscription's P-256 public key (<c>p256dh</c>, base64url); null for a webhook. For a push subscription
    /// <see cref="Url"/> is the push service endpoint and <see cref="Secret"/> holds the browser's auth secret (RFC 8291),
    /// encrypted the same way.
    /// </summary>
    public string? PushKey { get; init; }

    public bool IsPush => PushKey is not null;

    /// <summary>
    /// The Standard Webhooks signing secret (<c>whsec_</c> + base64 key), encrypted with Data Protection (see
    /// <see cref="SigningSecretProtector"/>): the stored column never holds the secret itself. Shown once, never logged.
    /// </summary>
    public required string Secret { get; set; }

    /// <summary>
    /// The secret before the last rotation, encrypted like <see cref="Secret"/>; it still signs until
    /// <see cref="PreviousSecretExpiresAt"/>, and the retention pass erases it after that.
    /// </summary>
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

    public bool IsVerified => VerifiedAt is not null;

    /// <summary>Alerts are queued for it: delivering, not paused, and its endpoint answered the verification request.</summary>
    public bool ReceivesAlerts => IsActive && !IsPaused && IsVerified;

    /// <summary>
    /// The stored (encrypted) secrets that sign a message sent at <paramref name="now"/>: the current one, plus the previous
    /// during its grace period.
    /// </summary>
    public IEnumerable<string> ProtectedSigningSecrets(DateTimeOffset now)
    {
        yield return Secret;
        if (PreviousSecret is not null && PreviousSecretExpiresAt > now)
        {
            yield return PreviousSecret;
        }
    }

    /// <summary>The host part of a webhook URL as subscriptions are counted per host: lower case, IDN in ASCII, no brackets.</summary>
    public static string TargetHostOf(Uri url) => url.IdnHost.Trim('[', ']').ToLowerInvariant();
}
