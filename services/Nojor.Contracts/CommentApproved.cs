namespace Nojor.Contracts;

/// <summary>A reader's comment passed moderation and is now public.</summary>
public sealed record CommentApproved(
    Guid CommentId,
    Guid ArticleId,
    string ArticleSlug,
    Guid? ParentCommentId,
    DateTimeOffset ApprovedAt);
