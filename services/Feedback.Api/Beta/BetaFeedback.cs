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
    public const int EmailMaxLength = 254;

    public Guid Id { get; init; }

    public FeedbackKind Kind { get; init; }

    public required string Text { get; set; }

    public string? Page { get; set; }

    /// <summary>Shown to editors only (export), never in public answers.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>The reader who sent it, when they sent a reader token; only they may edit it.</summary>
    public Guid? ReaderId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset? EditedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public TriageStatus Status { get; set; } = TriageStatus.New;

    public string? PublicReply { get; set; }

    public DateTimeOffset? TriagedAt { get; set; }
}
