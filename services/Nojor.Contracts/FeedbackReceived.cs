namespace Nojor.Contracts;

/// <summary>A reader sent beta feedback about the platform.</summary>
public sealed record FeedbackReceived(
    Guid FeedbackId,
    string Kind,
    string Text,
    string? Page,
    DateTimeOffset ReceivedAt);
