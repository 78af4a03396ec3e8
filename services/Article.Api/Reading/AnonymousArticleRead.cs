using Nojor.Articles.Articles;
using Nojor.Requests;

namespace Nojor.Articles.Reading;

/// <summary>Which requests <see cref="CachedReads"/> may answer from this instance's memory.</summary>
internal static class AnonymousArticleRead
{
    /// <summary>
    /// The slug of a request routing would send to <c>GetArticleBySlug</c> (GET, one path segment after the prefix),
    /// sent without credentials and without asking to revalidate: anything signed in takes the normal way, through
    /// authentication, and a revalidation is answered from PostgreSQL.
    /// </summary>
    public static bool TryGetSlug(string method, PathString path, IHeaderDictionary headers, out string slug)
    {
        slug = "";
        if (!HttpMethods.IsGet(method) || headers.Authorization.Count > 0 || Revalidation.IsRequested(headers)
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
