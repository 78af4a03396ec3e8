namespace Nojor.Articles.Stories;

/// <summary>A developing story: related reports on one event over days, shown as a timeline.</summary>
public sealed class Story
{
    public const int TitleMaxLength = 200;

    public Guid Id { get; init; }

    public required string Slug { get; init; }

    public required string Title { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
