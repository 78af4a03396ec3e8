namespace Nojor.Articles.Articles;

/// <summary>Route prefixes the gateway forwards to this service.</summary>
public static class ArticleRoutes
{
    public const string Articles = "/api/articles";
    public const string Stories = "/api/stories";
    public const string Search = "/api/search";
    public const string Feeds = "/api/feeds";
}
