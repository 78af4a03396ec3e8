using System.ComponentModel.DataAnnotations;

namespace Nojor.Notifications.Retention;

public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Alerts, finished deliveries and delivery attempts older than this are deleted. Also how far back a correction or
    /// retraction can find who was alerted, and how far back a stream can resume.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Pause between clean-up runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so a large backlog never holds long locks or one huge transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;
}
