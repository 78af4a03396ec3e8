using Nojor.Contracts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;

namespace Nojor.Notifications.Alerts;

/// <summary>A retraction reaches everyone alerted about the report and every follower of its story.</summary>
public sealed class ArticleRetractedConsumer(NotificationDbContext db, AlertFanOut fanOut,
    IAlertBroadcaster broadcaster, TimeProvider clock, ILogger<ArticleRetractedConsumer> logger)
    : AlertConsumer<ArticleRetracted>(db, fanOut, broadcaster, clock, logger)
{
    protected override async Task<Alert?> RaiseAsync(ArticleRetracted message, Guid messageId, CancellationToken cancellationToken)
    {
        var storyId = message.Story?.StoryId;
        var alerted = (await FanOut.AlertedAboutAsync(message.ArticleId, cancellationToken)).ToHashSet();
        // A retraction routes like the alert it withdraws, and is as pressing: a flash alert's retraction also breaks quiet hours.
        var alertFacts = await FanOut.LatestFactsAsync(message.ArticleId, cancellationToken);
        var facts = alertFacts is null
            ? new AlertFacts(false, null, "", [], [], storyId, null)
            : alertFacts with { IsBreaking = false, StoryId = storyId, FollowsAlert = true };
        var urgency = facts.Urgency;
        var data = new AlertData
        {
            AlertId = "",
            StoryId = storyId,
            ArticleId = message.ArticleId,
            Slug = message.Slug,
            Headline = message.Headline,
            Story = message.Story,
            Urgency = urgency,
            Version = message.Version,
            Url = message.Url,
            RetractionReason = message.Reason,
        };
        var draft = new AlertDraft(messageId, AlertTypes.Retracted, message.ArticleId, storyId, facts, data, message.RetractedAt);
        return await FanOut.RaiseAsync(draft, s => alerted.Contains(s.Id) || s.Filter.Follows(storyId), cancellationToken);
    }
}
