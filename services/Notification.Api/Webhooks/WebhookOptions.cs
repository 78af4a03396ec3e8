using System.ComponentModel.DataAnnotations;

namespace Nojor.Notifications.Webhooks;

public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>Allows loopback and private-network targets: development and tests only.</summary>
    public bool AllowPrivateTargets { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before each retry; once exhausted the delivery is marked failed. Defaults span about a day.</summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    [Range(1, 1000)]
    public int MaxParallelSends { get; set; } = 64;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetrySchedule.Any(d => d <= TimeSpan.Zero))
        {
            yield return new ValidationResult("Every retry delay must be positive.", [nameof(RetrySchedule)]);
        }
    }
}
