namespace Nojor.Feedback.Articles;

/// <summary>The feedback service's own view of which reports exist, built from article events.</summary>
public sealed class KnownArticle
{
    public Guid ArticleId { get; init; }

    public required string Slug { get; set; }

    public required string Headline { get; set; }

    public int Version { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}
