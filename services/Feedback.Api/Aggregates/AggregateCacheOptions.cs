using System.ComponentModel.DataAnnotations;

namespace Nojor.Feedback.Aggregates;

public sealed class AggregateCacheOptions
{
    public const string SectionName = "Feedback:Aggregates";

    /// <summary>Upper bound on staleness if an invalidation is lost (Redis down right after a commit).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);
}
