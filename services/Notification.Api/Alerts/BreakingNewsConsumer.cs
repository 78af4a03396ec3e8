using Nojor.Contracts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;

namespace Nojor.Notifications.Alerts;

/// <summary>Fans a breaking report out to every active subscriber whose filters it matches.</summary>
public sealed class BreakingNewsConsumer(NotificationDbContext db, AlertFanOut fanOut,
    IAlertBroadcaster broadcaster, TimeProvider clock, ILogger<BreakingNewsConsumer> logger)
    : AlertConsumer<BreakingNewsIssued>(db, fanOut, broadcaster, clock, logger)
{
    protected override async Task<Alert?> RaiseAsync(BreakingNewsIssued message, Guid messageId, CancellationToken cancellationToken)
    {
        var facts = new AlertFacts(true, message.Urgency, message.Section, message.Tags, message.Places, message.Story?.StoryId, message.Language);
        var data = new AlertData
        {
            AlertId = "",
            StoryId = message.Story?.StoryId,
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
        };
        var draft = new AlertDraft(messageId, AlertTypes.Breaking, message.ArticleId, message.Story?.StoryId, facts, data, message.IssuedAt);
        return await FanOut.RaiseAsync(draft, s => s.Filter.Matches(facts), cancellationToken);
    }
}
