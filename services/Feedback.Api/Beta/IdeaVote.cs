namespace Nojor.Feedback.Beta;

/// <summary>A reader's vote for an idea; the key (idea, reader) makes a second vote impossible.</summary>
public sealed class IdeaVote
{
    public Guid FeedbackId { get; init; }

    public Guid ReaderId { get; init; }

    public DateTimeOffset VotedAt { get; init; }
}
