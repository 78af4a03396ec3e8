using Nojor.Articles.Articles;

namespace Nojor.Articles.Reading;

public sealed record PlaceResponse(string Country, string? Region, string? District);

public sealed record StoryLink(Guid Id, string Slug, string Title);

public sealed record CorrectionResponse(DateTimeOffset At, string Note);

public sealed record RetractionResponse(DateTimeOffset At, string Reason);

/// <summary>A report as readers (and editors) see it.</summary>
public sealed record ArticleResponse(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string Body,
    string BodyHtml,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<PlaceResponse> Places,
    string? Dateline,
    string? Byline,
    string Language,
    int Urgency,
    bool Breaking,
    string Status,
    StoryLink? Story,
    DateTimeOffset? EmbargoUntil,
    DateTimeOffset? PublishAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CorrectionResponse> Corrections,
    RetractionResponse? Retraction,
    int Version,
    string Url)
{
    public static ArticleResponse From(Article article, ArticleOptions options) => new(
        article.Id, article.Slug, article.Headline, article.Summary, article.Body, article.BodyHtml, article.Section, article.Tags,
        [.. article.Places.Select(p => new PlaceResponse(p.Country, p.Region, p.District))],
        article.Dateline, article.Byline, article.Language, article.Urgency, article.IsBreaking,
        article.Status.ToString().ToLowerInvariant(),
        article.Story is { } story ? new StoryLink(story.Id, story.Slug, story.Title) : null,
        article.EmbargoUntil, article.PublishAt, article.CreatedAt, article.PublishedAt, article.UpdatedAt,
        [.. article.Corrections.OrderBy(c => c.At).Select(c => new CorrectionResponse(c.At, c.Note))],
        article.RetractedAt is { } at ? new RetractionResponse(at, article.RetractionReason ?? "") : null,
        article.Version, options.UrlFor(article.Slug));
}

/// <summary>A short form for lists, timelines and related reports.</summary>
public sealed record ArticleSummaryResponse(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<PlaceResponse> Places,
    string Language,
    int Urgency,
    bool Breaking,
    StoryLink? Story,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string Url)
{
    public static ArticleSummaryResponse From(Article article, ArticleOptions options) => new(
        article.Id, article.Slug, article.Headline, article.Summary, article.Section, article.Tags,
        [.. article.Places.Select(p => new PlaceResponse(p.Country, p.Region, p.District))],
        article.Language, article.Urgency, article.IsBreaking,
        article.Story is { } story ? new StoryLink(story.Id, story.Slug, story.Title) : null,
        article.PublishedAt, article.UpdatedAt, article.Version, options.UrlFor(article.Slug));
}

public sealed record ArticleListResponse(IReadOnlyList<ArticleSummaryResponse> Items, string? NextCursor);

public sealed record RevisionResponse(int Version, string Change, string Headline, string? Summary, string Body, string? Note, DateTimeOffset RecordedAt);

public sealed record StoryResponse(Guid Id, string Slug, string Title, string Url, IReadOnlyList<ArticleSummaryResponse> Timeline);
