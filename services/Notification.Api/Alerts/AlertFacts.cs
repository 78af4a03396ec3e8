using Nojor.Contracts;

namespace Nojor.Notifications.Alerts;

/// <summary>What subscriptions and stream filters match on, kept with each alert so a resumed stream can filter its backlog.</summary>
public sealed record AlertFacts(
    bool IsBreaking,
    int? Urgency,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ArticlePlace> Places,
    Guid? StoryId,
    string? Language,
    bool FollowsAlert = false)
{
    /// <summary>Whether a live-stream client with <paramref name="filter"/> gets this alert (the same rules as webhooks).</summary>
    public bool IsWantedBy(Subscriptions.SubscriptionFilter filter)
    {
        if (IsBreaking)
        {
            return filter.Matches(this);
        }
        // Corrections and retractions follow the alerts the filter let through; story updates go to the story's followers.
        return (FollowsAlert && (filter with { BreakingOnly = false, MinimumUrgency = null, Stories = [] }).Matches(this))
            || (!filter.BreakingOnly && filter.Follows(StoryId));
    }
}
