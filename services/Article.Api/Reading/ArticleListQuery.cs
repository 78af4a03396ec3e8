using System.ComponentModel;

namespace Nojor.Articles.Reading;

/// <summary>Filters and paging of the report list (all optional).</summary>
public sealed class ArticleListQuery
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [Description("Opaque cursor from the previous page's nextCursor.")]
    public string? Cursor { get; init; }

    [Description("Page size, 1 to 100 (default 20).")]
    public int? Limit { get; init; }

    public string? Section { get; init; }

    public string? Tag { get; init; }

    [Description("A country, region or district name (case- and accent-insensitive).")]
    public string? Place { get; init; }

    [Description("Story slug.")]
    public string? Story { get; init; }

    public bool? Breaking { get; init; }

    [Description("Reports at or under this urgency (1 = flash).")]
    public int? Urgency { get; init; }

    [Description("Published at or after.")]
    public DateTimeOffset? Since { get; init; }

    [Description("Published before.")]
    public DateTimeOffset? Until { get; init; }

    [Description("BCP 47 tag; \"en\" also matches \"en-GB\".")]
    public string? Language { get; init; }

    /// <summary>A stable key of the filters, for caching first pages.</summary>
    public string CacheKey() =>
        string.Join('|', Limit ?? DefaultLimit, Section?.ToLowerInvariant(), Tag?.ToLowerInvariant(), Place?.ToLowerInvariant(),
            Story, Breaking, Urgency, Since?.UtcTicks, Until?.UtcTicks, Language?.ToLowerInvariant());
}
