namespace Nojor.Contracts;

/// <summary>A published report was withdrawn; it is kept and marked, with the editors' reason.</summary>
public sealed record ArticleRetracted(
    Guid ArticleId,
    string Slug,
    string Headline,
    StoryReference? Story,
    int Version,
    string Url,
    string Reason,
    DateTimeOffset RetractedAt);
