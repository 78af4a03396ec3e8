namespace Nojor.Contracts;

/// <summary>A report became visible to readers (first publication, not an update).</summary>
public sealed record ArticlePublished(
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
    bool IsBreaking,
    int Version,
    string Url,
    DateTimeOffset PublishedAt);
