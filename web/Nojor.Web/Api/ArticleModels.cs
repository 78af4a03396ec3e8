namespace Nojor.Web.Api;

// The article service's read shapes, as its OpenAPI document describes them. Only what pages show is kept.

public sealed record Place(string Country, string? Region, string? District)
{
    /// <summary>The <c>country/region/district</c> path of the place's page.</summary>
    public string Path => string.Join('/', new[] { Country, Region, District }.OfType<string>().Where(p => p.Length > 0).Select(Uri.EscapeDataString));

    public override string ToString() => string.Join(", ", new[] { District, Region, Country }.Where(p => !string.IsNullOrEmpty(p)));
}

public sealed record StoryLink(Guid Id, string Slug, string Title);

public sealed record Correction(DateTimeOffset At, string Note);

public sealed record Retraction(DateTimeOffset At, string Reason);

public sealed record Article(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string Body,
    string BodyHtml,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<Place> Places,
    string? Dateline,
    string? Byline,
    string Language,
    int Urgency,
    bool Breaking,
    string Status,
    StoryLink? Story,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<Correction> Corrections,
    Retraction? Retraction,
    int Version,
    string Url);

public sealed record ArticleSummary(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<Place> Places,
    string Language,
    int Urgency,
    bool Breaking,
    StoryLink? Story,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string Url);

public sealed record ArticleList(IReadOnlyList<ArticleSummary> Items, string? NextCursor);

public sealed record Story(Guid Id, string Slug, string Title, string Url, IReadOnlyList<ArticleSummary> Timeline);

/// <summary>Filters of the article list (<c>GET /api/articles</c>); null means "not narrowed".</summary>
public sealed record ArticleQuery(
    int Limit = 20,
    string? Cursor = null,
    string? Section = null,
    string? Tag = null,
    string? Place = null,
    string? Story = null,
    bool? Breaking = null);
