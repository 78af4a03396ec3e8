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

}
