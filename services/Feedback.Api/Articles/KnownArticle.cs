namespace Nojor.Feedback.Articles;

/// <summary>
/// The feedback service's own view of which reports exist, built from article events. Events can
/// arrive out of order, so every change is guarded by <see cref="Version"/>; a retraction is final.
/// </summary>
public sealed class KnownArticle
{
    public const int SlugMaxLength = 120;

    public Guid ArticleId { get; init; }

    public required string Slug { get; set; }

    public required string Headline { get; set; }

    public int Version { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public DateTimeOffset? RetractedAt { get; set; }

    public string? RetractionReason { get; set; }

    public bool IsRetracted => RetractedAt is not null;
}
