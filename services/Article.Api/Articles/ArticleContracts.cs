namespace Nojor.Articles.Articles;

/// <summary>What an editor sends to file a report.</summary>
public sealed record CreateArticleRequest(
    string? Headline,
    string? Summary,
    string? Body,
    string? Section,
    IReadOnlyList<string>? Tags,
    int? Urgency,
    bool? Breaking);

/// <summary>A report as readers see it.</summary>
public sealed record ArticleResponse(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string Body,
    string Section,
    IReadOnlyList<string> Tags,
    int Urgency,
    bool Breaking,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string Url)
{
    public static ArticleResponse From(Article article, ArticleOptions options) => new(
        article.Id, article.Slug, article.Headline, article.Summary, article.Body, article.Section, article.Tags,
        article.Urgency, article.IsBreaking, article.PublishedAt, article.UpdatedAt, article.Version, options.UrlFor(article.Slug));
}

public sealed record ArticleListResponse(IReadOnlyList<ArticleResponse> Items);
