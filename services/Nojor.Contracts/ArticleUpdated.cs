namespace Nojor.Contracts;

/// <summary>
/// A published report changed and readers see a new version. A correction carries the dated
/// public note that was appended to the report.
/// </summary>
public sealed record ArticleUpdated(
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
    bool IsCorrection,
    string? CorrectionNote,
    DateTimeOffset UpdatedAt);
