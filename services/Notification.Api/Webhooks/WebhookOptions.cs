using System.ComponentModel.DataAnnotations;

namespace Nojor.Notifications.Webhooks;

public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Lets webhooks reach loopback (a receiver on the developer's own machine), and only loopback: private, link-local and
    /// metadata addresses stay refused. Honoured in Development only (see <see cref="WebhookTargetPolicy"/>).
    /// </summary>
    public bool AllowLoopbackTargets { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first retry; each further retry waits twice as long (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long after its first attempt a delivery is retried before it is given up as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>An endpoint failing every attempt for this long is disabled and flagged on the subscription.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "60.00:00:00")]
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(3);

    [Range(1, 1000)]
    public int MaxParallelSends { get; set; } = 64;

    /// <summary>
    /// Deliveries a second one subscription is sent at most, across every instance; more are deferred (kept pending and
    /// sent later), never dropped. Protects subscribers' endpoints from a burst of alerts, corrections and replays.
    /// </summary>
    [Range(1, 10_000)]
    public int PerSubscriptionRate { get; set; } = 50;

    /// <summary>Deliveries one subscription may be sent at once before <see cref="PerSubscriptionRate"/> paces them.</summary>
    [Range(1, 10_000)]
    public int PerSubscriptionBurst { get; set; } = 100;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Fallback wake-up for retries coming due; new deliveries wake the worker at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the <c>nojor.deliveries.pending</c> gauge counts the pending deliveries (webhooks, push and e-mail) in the
    /// database, at most and only while an exporter reads it; between counts it reports the last one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MetricsReadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Until when a delivery leased at <paramref name="now"/> is held: past any attempt's timeout, so a lease only ever
    /// lapses for a worker that died, and its rows then go to another.
    /// </summary>
    public DateTimeOffset LeaseUntil(DateTimeOffset now) => now + (Timeout * 2) + TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult("MaxRetryDelay must not be under FirstRetryDelay.", [nameof(MaxRetryDelay)]);
        }
    }
}
