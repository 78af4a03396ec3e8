namespace Nojor.Articles.Articles;

public enum ArticleStatus
{
    Draft,
    Published,
}

/// <summary>A news report. The slug is made once from the first headline and never changes.</summary>
public sealed class Article
{
    public const int HeadlineMaxLength = 200;
    public const int SummaryMaxLength = 600;
    public const int SlugMaxLength = 120;
    public const int MinUrgency = 1;
    public const int MaxUrgency = 9;

    public Guid Id { get; init; }

    public required string Slug { get; init; }

    public required string Headline { get; set; }

    public string? Summary { get; set; }

    public string Body { get; set; } = "";

    public required string Section { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>IPTC urgency: 1 is a flash, 9 the least urgent.</summary>
    public int Urgency { get; set; } = 5;

    public bool IsBreaking { get; set; }

    public ArticleStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}
