using System.ComponentModel.DataAnnotations;

namespace Nojor.Notifications.Alerts;

public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>A newer alert on the same story within this window supersedes the earlier one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan SupersedeWindow { get; set; } = TimeSpan.FromMinutes(30);
}
