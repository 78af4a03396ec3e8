namespace Nojor.Web.Api;

// The feedback service's shapes for one report, as its OpenAPI document describes them. Only what pages use is kept.

/// <summary>A report's rating average and count, reaction counts and published comment count.</summary>
public sealed record FeedbackSummary(
    Guid ArticleId,
    bool Retracted,
    double? RatingAverage,
    int RatingCount,
    IReadOnlyDictionary<string, int> Reactions,
    int CommentCount)
{
    /// <summary>What a report the feedback service has not heard of yet (its events are on the way) has: nothing.</summary>
    public static FeedbackSummary Empty(Guid articleId) => new(articleId, false, null, 0, new Dictionary<string, int>(), 0);

    public int ReactionCount(string kind) => Reactions.TryGetValue(kind, out var count) ? count : 0;
}

/// <summary>A published comment with its published replies (one level deep); readers are anonymous, so no author.</summary>
public sealed record PublicComment(Guid Id, string Text, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, IReadOnlyList<PublicComment> Replies);

/// <summary>The published comments on a report, oldest first.</summary>
public sealed record CommentThread(Guid ArticleId, IReadOnlyList<PublicComment> Comments);

/// <summary>What the author learns of the comment they just sent: whether the filter published or held it.</summary>
public sealed record PostedComment(Guid Id, Guid ArticleId, Guid? ParentId, string Text, string Status, DateTimeOffset CreatedAt)
{
    public bool IsHeld => Status == CommentStatuses.Held;
}

public sealed record RatingSaved(Guid ArticleId, int Value);

public sealed record ReactionSaved(Guid ArticleId, string Kind);

public sealed record CorrectionRequestSent(Guid Id, Guid ArticleId, string QuotedPassage);

public static class CommentStatuses
{
    public const string Published = "published";
    public const string Held = "held";
}

public static class ReactionKinds
{
    public const string Helpful = "helpful";
    public const string NotHelpful = "not_helpful";

    public static bool IsKnown(string? kind) => kind is Helpful or NotHelpful;
}

/// <summary>
/// The feedback service's own limits (its <c>Rating</c>, <c>Comment</c>, <c>CorrectionRequest</c> and input rules), checked
/// here first so a reader gets a message in plain words without a round trip; the service still has the last word.
/// </summary>
public static class FeedbackLimits
{
    public const int RatingMin = 1;
    public const int RatingMax = 5;
    public const int CommentMaxLength = 5000;
    public const int PassageMaxLength = 5000;
    public const int SourceUrlMaxLength = 2048;
}
