using CsCheck;
using Nojor.Contracts;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Subscriptions;

namespace Nojor.UnitTests.Properties;

public sealed class SubscriptionFilterProperties
{
    // Small vocabularies, so filters and alerts often share values and both outcomes are exercised.
    private static readonly Gen<string> Section = Gen.OneOf("world", "WORLD", "news", "sport", "culture");
    private static readonly Gen<string> Tag = Gen.OneOf("border", "Border", "election", "flood", "ßtraße");
    private static readonly Gen<string> Country = Gen.OneOf("Norway", "norway", "Pakistan", "Chile");
    private static readonly Gen<string?> Region = Gen.OneOf<string?>(null, "Vestland", "vestland", "Khyber");
    private static readonly Gen<string?> District = Gen.OneOf<string?>(null, "Bergen", "Torkham");
    private static readonly Gen<string?> Language = Gen.OneOf<string?>(null, "en", "en-GB", "EN", "nb", "en-", "e");
    private static readonly Gen<Guid> Story = Gen.OneOf(Guid.Parse("0199a000-0000-7000-8000-000000000001"), Guid.Parse("0199a000-0000-7000-8000-000000000002"));

    private static readonly Gen<AlertFacts> Alerts =
        from breaking in Gen.Bool
        from urgency in Gen.Int[1, 5].Nullable()
        from section in Section
        from tags in Tag.List[0, 3]
        from places in Gen.Select(Country, Region, District, (c, r, d) => new ArticlePlace(c, r, d)).List[0, 2]
        from story in Story.Nullable()
        from language in Language
        select new AlertFacts(breaking, urgency, section, tags, places, story, language);

    private static readonly Gen<SubscriptionFilter> Filters =
        from sections in Section.List[0, 2]
        from tags in Tag.List[0, 2]
        from places in Gen.Select(Country, Region, District, (c, r, d) => new PlaceFilter(c, r, d)).List[0, 2]
        from stories in Story.List[0, 1]
        from minimum in Gen.Int[1, 5].Nullable()
        from breakingOnly in Gen.Bool
        from language in Language
        select new SubscriptionFilter
        {
            Sections = sections,
            Tags = tags,
            Places = places,
            Stories = stories,
            MinimumUrgency = minimum,
            BreakingOnly = breakingOnly,
            Language = language,
        };

    [Fact]
    public void A_filter_matches_exactly_when_the_simple_model_says_so() =>
        Gen.Select(Filters, Alerts).Sample((filter, alert) => Assert.Equal(Model(filter, alert), filter.Matches(alert)));

    [Fact]
    public void The_empty_filter_matches_every_alert() =>
        Alerts.Sample(alert => Assert.True(SubscriptionFilter.Everything.Matches(alert)));

    [Fact]
    public void Narrowing_a_filter_never_lets_more_alerts_through() =>
        Gen.Select(Filters, Alerts, Section, Tag).Sample((filter, alert, section, tag) =>
        {
            // Adding a dimension that was empty can only narrow: whatever the narrower filter passes, the wider one passes too.
            var narrower = filter with
            {
                Sections = filter.Sections.Count == 0 ? [section] : filter.Sections,
                Tags = filter.Tags.Count == 0 ? [tag] : filter.Tags,
                BreakingOnly = true,
            };
            if (narrower.Matches(alert))
            {
                Assert.True(filter.Matches(alert));
            }
        });

    [Fact]
    public void Letter_case_in_a_filter_never_changes_what_it_matches() =>
        Gen.Select(Filters, Alerts).Sample((filter, alert) =>
        {
            var shouted = filter with
            {
                Sections = [.. filter.Sections.Select(s => s.ToUpperInvariant())],
                Tags = [.. filter.Tags.Select(t => t.ToUpperInvariant())],
                Places = [.. filter.Places.Select(p => new PlaceFilter(p.Country.ToUpperInvariant(), p.Region?.ToUpperInvariant(), p.District?.ToUpperInvariant()))],
                Language = filter.Language?.ToUpperInvariant(),
            };
            Assert.Equal(filter.Matches(alert), shouted.Matches(alert));
        });

    /// <summary>The rules as the README states them, one dimension at a time, written without looking at the implementation.</summary>
    private static bool Model(SubscriptionFilter filter, AlertFacts alert)
    {
        static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        var breaking = !filter.BreakingOnly || alert.IsBreaking;
        var urgent = filter.MinimumUrgency is null || alert.Urgency is null || alert.Urgency <= filter.MinimumUrgency;
        var language = filter.Language is null
            || (alert.Language is not null && (Same(alert.Language, filter.Language)
                || (alert.Language.Length > filter.Language.Length && alert.Language[filter.Language.Length] == '-'
                    && Same(alert.Language[..filter.Language.Length], filter.Language))));
        var section = filter.Sections.Count == 0 || filter.Sections.Any(s => Same(s, alert.Section));
        var tag = filter.Tags.Count == 0 || alert.Tags.Any(t => filter.Tags.Any(f => Same(f, t)));
        var place = filter.Places.Count == 0 || alert.Places.Any(p => filter.Places.Any(f =>
            Same(f.Country, p.Country) && (f.Region is null || Same(f.Region, p.Region)) && (f.District is null || Same(f.District, p.District))));
        var story = filter.Stories.Count == 0 || (alert.StoryId is { } id && filter.Stories.Contains(id));
        return breaking && urgent && language && section && tag && place && story;
    }
}
