namespace Nojor.Feedback.Reactions;

public enum ReactionKind
{
    Helpful,
    NotHelpful,
}

/// <summary>One reader's reaction to one report; reacting again replaces it, deleting withdraws it.</summary>
public sealed class Reaction
{
    public Guid ArticleId { get; init; }

    public Guid ReaderId { get; init; }

    public ReactionKind Kind { get; set; }

    public int ArticleVersion { get; set; }

    public DateTimeOffset ReactedAt { get; set; }
}
