namespace Nojor.Contracts;

/// <summary>
/// A published report is urgent enough to alert subscribers: it carries everything a consumer
/// needs to render the alert so nobody has to call the article service back.
/// </summary>
public sealed record BreakingNewsIssued(
    Guid ArticleId,
    string Slug,
    string Headline,
    string? Summary,
    string Section,
    IReadOnlyList<string> Tags,
    int Urgency,
    int Version,
    string Url,
    DateTimeOffset IssuedAt);
