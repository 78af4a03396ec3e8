using Nojor.Feedback.Http;

namespace Nojor.Feedback.Comments;

public sealed record PostCommentRequest(string? Text, Guid? ParentId);

public sealed record EditCommentRequest(string? Text);

/// <summary>What the author sees of their own comment: its status tells them whether it is public or waiting for an editor.</summary>
public sealed record CommentResponse(Guid Id, Guid ArticleId, Guid? ParentId, string Text, string Status, int ArticleVersion,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt)
{
    public static CommentResponse From(Comment comment) => new(comment.Id, comment.ArticleId, comment.ParentId, comment.Text,
        EnumNames.Of(comment.Status), comment.ArticleVersion, comment.CreatedAt, comment.EditedAt);
}

public sealed record PublicComment(Guid Id, string Text, int ArticleVersion, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    IReadOnlyList<PublicComment> Replies);

public sealed record CommentThread(Guid ArticleId, IReadOnlyList<PublicComment> Comments);
