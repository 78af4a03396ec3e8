namespace Nojor.Articles.Articles;

/// <summary>What a report looked like at one version; every change an editor makes stores one.</summary>
public sealed class ArticleRevision
{
    public Guid Id { get; init; }

    public Guid ArticleId { get; init; }

    public int Version { get; init; }

    public required string Change { get; init; }

    public required string Headline { get; init; }

    public string? Summary { get; init; }

    public required string Body { get; init; }

    public string? Note { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public static ArticleRevision Of(Article article, string change, string? note, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ArticleId = article.Id,
        Version = article.Version,
        Change = change,
        Headline = article.Headline,
        Summary = article.Summary,
        Body = article.Body,
        Note = note,
        RecordedAt = now,
    };
}

/// <summary>The kinds of change a revision records.</summary>
public static class RevisionChange
{
    public const string Created = "created";
    public const string Published = "published";
    public const string Scheduled = "scheduled";
    public const string Updated = "updated";
    public const string Corrected = "corrected";
    public const string Retracted = "retracted";
}
