using System.ComponentModel.DataAnnotations;

namespace Nojor.Notifications.Subscriptions;

public sealed class SubscriptionOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>After a rotation the old secret signs alongside the new one this long, so receivers can switch over.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan SecretRotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Management calls (read, update, test, replay…) allowed per subscription per minute.</summary>
    [Range(1, 10_000)]
    public int ManagementCallsPerMinute { get; set; } = 60;

    /// <summary>
    /// Subscriptions that may point at one host (the URL's host name, whatever the port or path). One client cannot aim
    /// thousands of alert streams, or their verification requests, at someone else's server.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPerTargetHost { get; set; } = 20;

    /// <summary>How soon after a verification request another may be asked for: re-sending cannot be used to flood an endpoint.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan VerificationResendInterval { get; set; } = TimeSpan.FromMinutes(1);
}
