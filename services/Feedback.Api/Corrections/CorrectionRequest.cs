namespace Nojor.Feedback.Corrections;

/// <summary>A reader's request that the editors correct a passage of a report.</summary>
public sealed class CorrectionRequest
{
    public const int PassageMaxLength = 5000;

    public Guid Id { get; init; }

    public Guid ArticleId { get; init; }

    public int ArticleVersion { get; init; }

    public Guid ReaderId { get; init; }

    public required string QuotedPassage { get; init; }

    public required string SuggestedFix { get; init; }

    public string? SourceUrl { get; init; }

    public DateTimeOffset RequestedAt { get; init; }
}
