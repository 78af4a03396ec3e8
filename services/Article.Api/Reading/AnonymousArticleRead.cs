using Nojor.Articles.Articles;

namespace Nojor.Articles.Reading;

/// <summary>Which requests <see cref="CachedReads"/> may answer from this instance's memory.</summary>
internal static class AnonymousArticleRead
{
    /// <summary>
    /// The slug of a request routing would send to <c>GetArticleBySlug</c> (GET, one path segment after the prefix),
    /// sent without credentials: anything signed in takes the normal way, through authentication.
    /// </summary>
    public static bool TryGetSlug(string method, PathString path, IHeaderDictionary headers, out string slug)
    {
        slug = "";
        if (!HttpMethods.IsGet(method) || headers.Authorization.Count > 0
            || !path.StartsWithSegments(ArticleRoutes.Articles, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return false;
        }
        var segment = rest.Value;
        if (segment is null || segment.Length < 2 || segment.IndexOf('/', 1) >= 0)
        {
            return false;
        }
        slug = segment[1..];
        return true;
    }
}
