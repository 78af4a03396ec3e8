namespace Nojor.Contracts;

/// <summary>
/// A published report is urgent enough to alert subscribers (the breaking flag, or urgency at or
/// under the configured threshold). It carries everything a consumer needs to render and route
/// the alert, so nobody has to call the article service back.
/// </summary>
public sealed record BreakingNewsIssued(
    Guid ArticleId,
    string Slug,
    string Headline,
    string? Summary,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ArticlePlace> Places,
    StoryReference? Story,
    string Language,
    int Urgency,
    int Version,
    string Url,
    DateTimeOffset IssuedAt);
