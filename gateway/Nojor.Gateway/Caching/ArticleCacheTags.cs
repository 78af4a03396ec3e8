namespace Nojor.Gateway.Caching;

/// <summary>Output-cache tags of article reads: one per slug, and one over all of them.</summary>
public static class ArticleCacheTags
{
    public const string All = "articles";

    public static string ForSlug(string slug) => "article:" + slug.ToLowerInvariant();
}
