namespace Nojor.Feedback.Beta;

public enum FeedbackKind
{
    Bug,
    Idea,
    Praise,
    Other,
}

/// <summary>What a reader tells us about the platform during the public beta.</summary>
public sealed class BetaFeedback
{
    public const int TextMaxLength = 5000;
    public const int PageMaxLength = 2048;

    public Guid Id { get; init; }

    public FeedbackKind Kind { get; init; }

    public required string Text { get; init; }

    public string? Page { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
