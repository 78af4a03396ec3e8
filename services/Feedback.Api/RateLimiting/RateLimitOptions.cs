using System.ComponentModel.DataAnnotations;

namespace Nojor.Feedback.RateLimiting;

/// <summary>Fixed-window limits on reader writes (GETs and editors are not limited). Benchmarks raise them.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Feedback:RateLimits";

    [Range(1, int.MaxValue)]
    public int PerReaderPermits { get; set; } = 30;

    [Range(1, int.MaxValue)]
    public int PerIpPermits { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
