namespace Nojor.Notifications.Alerts;

/// <summary>An alert about to be raised from an article event; <see cref="AlertFanOut"/> completes and persists it.</summary>
public sealed record AlertDraft(
    Guid MessageId,
    string Type,
    Guid ArticleId,
    Guid? StoryId,
    AlertFacts Facts,
    AlertData Data,
    DateTimeOffset OccurredAt)
{
    public Guid SupersedeKey => StoryId ?? ArticleId;
}
