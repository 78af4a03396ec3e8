using Nojor.Notifications.Alerts;

namespace Nojor.Notifications.Subscriptions;

/// <summary>A place a subscriber cares about: a whole country, or narrowed to a region and a district.</summary>
public sealed record PlaceFilter(string Country, string? Region = null, string? District = null)
{
    public bool Matches(string country, string? region, string? district) =>
        Same(Country, country)
        && (Region is null || Same(Region, region))
        && (District is null || Same(District, district));

    private static bool Same(string wanted, string? actual) => string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// What a subscriber wants. Every dimension left empty matches everything; the dimensions that are set
/// must all match (sections, tags and places each match when any listed value does).
/// </summary>
public sealed record SubscriptionFilter
{
    public static readonly SubscriptionFilter Everything = new();

    public IReadOnlyList<string> Sections { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<PlaceFilter> Places { get; init; } = [];

    /// <summary>
    /// Stories followed: their updates arrive even when not breaking (unless <see cref="BreakingOnly"/>),
    /// and when the list is not empty, breaking alerts are limited to these stories.
    /// </summary>
    public IReadOnlyList<Guid> Stories { get; init; } = [];

    /// <summary>The least urgent level wanted (1 flash … 5 routine): alerts with urgency at or under it pass.</summary>
    public int? MinimumUrgency { get; init; }

    /// <summary>Only breaking alerts (and the corrections and retractions that follow them), no story updates.</summary>
    public bool BreakingOnly { get; init; }

    /// <summary>BCP 47 language such as <c>en</c>; <c>en</c> also matches <c>en-GB</c>.</summary>
    public string? Language { get; init; }

    public bool Matches(AlertFacts alert)
    {
        if (BreakingOnly && !alert.IsBreaking)
        {
            return false;
        }
        if (MinimumUrgency is { } least && alert.Urgency is { } urgency && urgency > least)
        {
            return false;
        }
        if (Language is { } language && !LanguageMatches(language, alert.Language))
        {
            return false;
        }
        if (Sections.Count > 0 && !Sections.Contains(alert.Section, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        if (Tags.Count > 0 && !alert.Tags.Any(tag => Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)))
        {
            return false;
        }
        if (Places.Count > 0 && !alert.Places.Any(place => Places.Any(wanted => wanted.Matches(place.Country, place.Region, place.District))))
        {
            return false;
        }
        return Stories.Count == 0 || Follows(alert.StoryId);
    }

    public bool Follows(Guid? storyId) => storyId is { } id && Stories.Contains(id);

    private static bool LanguageMatches(string wanted, string? actual) =>
        actual is not null
        && (string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase)
            || actual.StartsWith(wanted + "-", StringComparison.OrdinalIgnoreCase));
}
