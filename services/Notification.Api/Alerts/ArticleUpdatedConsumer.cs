using Nojor.Contracts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;

namespace Nojor.Notifications.Alerts;

/// <summary>
/// A changed report goes to everyone alerted about it (a correction follows the alert, whatever the
/// filters) and, unless they asked for breaking news only, to the followers of its story.
/// </summary>
public sealed class ArticleUpdatedConsumer(NotificationDbContext db, AlertFanOut fanOut,
    IAlertBroadcaster broadcaster, TimeProvider clock, ILogger<ArticleUpdatedConsumer> logger)
    : AlertConsumer<ArticleUpdated>(db, fanOut, broadcaster, clock, logger)
{
    protected override async Task<Alert?> RaiseAsync(ArticleUpdated message, Guid messageId, CancellationToken cancellationToken)
    {
        var storyId = message.Story?.StoryId;
        var alerted = (await FanOut.AlertedAboutAsync(message.ArticleId, cancellationToken)).ToHashSet();
        var followsAlert = await FanOut.LatestFactsAsync(message.ArticleId, cancellationToken) is not null;
        var facts = new AlertFacts(false, message.Urgency, message.Section, message.Tags, message.Places, storyId, message.Language, followsAlert);
        var data = new AlertData
        {
            AlertId = "",
            StoryId = storyId,
            ArticleId = message.ArticleId,
            Slug = message.Slug,
            Headline = message.Headline,
            Summary = message.Summary,
            Section = message.Section,
            Tags = message.Tags,
            Places = message.Places,
            Story = message.Story,
            Language = message.Language,
            Urgency = message.Urgency,
            Version = message.Version,
            Url = message.Url,
            CorrectionNote = message.CorrectionNote,
        };
        var type = message.IsCorrection ? AlertTypes.Corrected : AlertTypes.Updated;
        var draft = new AlertDraft(messageId, type, message.ArticleId, storyId, facts, data, message.UpdatedAt);
        return await FanOut.RaiseAsync(draft, s => alerted.Contains(s.Id) || (!s.Filter.BreakingOnly && s.Filter.Follows(storyId)),
            cancellationToken);
    }
}
