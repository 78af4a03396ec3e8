namespace Nojor.Contracts;

/// <summary>The developing story a report belongs to (several reports on one event over days).</summary>
public sealed record StoryReference(Guid StoryId, string Slug, string Title);
