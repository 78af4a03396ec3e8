namespace Nojor.Feedback.Ratings;

/// <summary>One reader's rating of one report; a new rating from the same reader replaces it.</summary>
public sealed class Rating
{
    public const int Min = 1;
    public const int Max = 5;

    public Guid ArticleId { get; init; }

    public Guid ReaderId { get; init; }

    public int Value { get; set; }

    public int ArticleVersion { get; set; }

    public DateTimeOffset RatedAt { get; set; }
}
