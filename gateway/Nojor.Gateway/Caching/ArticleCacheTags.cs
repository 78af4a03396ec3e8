namespace Nojor.Gateway.Caching;

/// <summary>Output-cache tags: one per report's read, one over the reader web app's pages, and one over everything.</summary>
public static class ArticleCacheTags
{
    public const string All = "articles";

    /// <summary>Every cached page of the web app: any report's change may show on any of them (front, lists, story).</summary>
    public const string Pages = "pages";

    public static string ForSlug(string slug) => "article:" + slug.ToLowerInvariant();
}
