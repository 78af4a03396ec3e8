namespace Nojor.Contracts;

/// <summary>A reader asked the editors to correct a passage of a report.</summary>
public sealed record CorrectionRequested(
    Guid RequestId,
    Guid ArticleId,
    string ArticleSlug,
    int ArticleVersion,
    string QuotedPassage,
    string SuggestedFix,
    string? SourceUrl,
    DateTimeOffset RequestedAt);
