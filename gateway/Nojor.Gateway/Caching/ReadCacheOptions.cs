using System.ComponentModel.DataAnnotations;

namespace Nojor.Gateway.Caching;

/// <summary>The gateway's cache of anonymous article reads (see <see cref="ArticleReadCachePolicy"/>).</summary>
public sealed class ReadCacheOptions
{
    public const string SectionName = "Gateway:ReadCache";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Longest an entry is kept even when no article event arrives (a safety net for a missed event); the article
    /// service's own <c>max-age</c> shortens it further.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of the cache's memory, in bytes.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long SizeLimitBytes { get; set; } = 64 * 1024 * 1024;
}
