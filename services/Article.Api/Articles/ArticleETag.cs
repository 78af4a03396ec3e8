namespace Nojor.Articles.Articles;

/// <summary>Strong entity tags: one per article version, so a change of any field changes the tag.</summary>
public static class ArticleETag
{
    public static string For(Guid id, int version) => $"\"{id:N}-{version}\"";

    /// <summary>True when an If-Match / If-None-Match header value names this tag (or is "*").</summary>
    public static bool Matches(string? header, string etag)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }
        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || candidate == etag)
            {
                return true;
            }
        }
        return false;
    }
}
