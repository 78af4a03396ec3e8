using System.ComponentModel.DataAnnotations;

namespace Nojor.Feedback.Readers;

public sealed class ReaderOptions
{
    public const string SectionName = "Feedback:Readers";

    /// <summary>How long a reader may still edit or delete what they sent.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromDays(365);
}
