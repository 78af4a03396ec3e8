using Microsoft.Extensions.Primitives;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Streams;

/// <summary>
/// The stream's filters as query parameters, the same as a subscription's: each list parameter may repeat
/// or hold comma-separated values; a place is <c>Country[/Region[/District]]</c>.
/// </summary>
public static class StreamQuery
{
    public static (SubscriptionFilter? Filter, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var places = new List<PlaceFilter>();
        foreach (var place in Values(query["places"]))
        {
            var parts = place.Split('/', StringSplitOptions.TrimEntries);
            if (parts.Length > 3 || parts.Any(string.IsNullOrEmpty))
            {
                errors["places"] = ["A place is Country, Country/Region or Country/Region/District."];
                continue;
            }
            places.Add(new PlaceFilter(parts[0], parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2)));
        }
        var stories = new List<Guid>();
        foreach (var story in Values(query["stories"]))
        {
            if (Guid.TryParse(story, out var id))
            {
                stories.Add(id);
            }
            else
            {
                errors["stories"] = ["Stories are story ids (GUIDs)."];
            }
        }
        int? minimumUrgency = null;
        if (!StringValues.IsNullOrEmpty(query["minimumUrgency"]))
        {
            if (int.TryParse(query["minimumUrgency"], out var urgency) && urgency is >= 1 and <= 5)
            {
                minimumUrgency = urgency;
            }
            else
            {
                errors["minimumUrgency"] = ["Urgency runs from 1 (flash) to 5."];
            }
        }
        var breakingOnly = false;
        if (!StringValues.IsNullOrEmpty(query["breakingOnly"]) && !bool.TryParse(query["breakingOnly"], out breakingOnly))
        {
            errors["breakingOnly"] = ["true or false."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var language = query["language"].ToString();
        return (new SubscriptionFilter
        {
            Sections = Values(query["sections"]).ToList(),
            Tags = Values(query["tags"]).ToList(),
            Places = places,
            Stories = stories,
            MinimumUrgency = minimumUrgency,
            BreakingOnly = breakingOnly,
            Language = string.IsNullOrWhiteSpace(language) ? null : language.Trim(),
        }, errors);
    }

    private static IEnumerable<string> Values(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
