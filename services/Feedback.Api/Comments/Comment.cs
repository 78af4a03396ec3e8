namespace Nojor.Feedback.Comments;

public enum CommentStatus
{
    /// <summary>Passed the filter or approved by an editor: visible to readers.</summary>
    Published,

    /// <summary>Failed the filter; waits in the moderation queue.</summary>
    Held,

    Rejected,
}

/// <summary>A reader's comment on a report, or a reply to one (one level deep).</summary>
public sealed class Comment
{
    public const int TextMaxLength = 5000;

    public Guid Id { get; init; }

    public Guid ArticleId { get; init; }

    public int ArticleVersion { get; init; }

    public Guid ReaderId { get; init; }

    public Guid? ParentId { get; init; }

    public required string Text { get; set; }

    public CommentStatus Status { get; set; }

    /// <summary>Why the filter held it, for the moderators (e.g. "links, banned_words").</summary>
    public string? HeldFor { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? EditedAt { get; set; }

    public DateTimeOffset? ModeratedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}
