using Nojor.Contracts;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Subscriptions;

namespace Nojor.UnitTests.Notifications;

public sealed class SubscriptionFilterTests
{
    private static readonly Guid Story = Guid.NewGuid();

    private static readonly AlertFacts Bergen = new(true, 2, "world", ["transport", "weather"],
        [new ArticlePlace("Norway", "Vestland", "Bergen")], Story, "en-GB");

    [Fact]
    public void An_empty_filter_matches_everything() => Assert.True(SubscriptionFilter.Everything.Matches(Bergen));

    [Theory]
    [InlineData("Norway", null, null, true)]
    [InlineData("norway", "vestland", null, true)]
    [InlineData("Norway", "Vestland", "Bergen", true)]
    [InlineData("Norway", "Vestland", "Voss", false)]
    [InlineData("Norway", "Oslo", null, false)]
    [InlineData("Sweden", null, null, false)]
    public void Places_match_country_then_region_then_district(string country, string? region, string? district, bool expected) =>
        Assert.Equal(expected, new SubscriptionFilter { Places = [new PlaceFilter(country, region, district)] }.Matches(Bergen));

    [Fact]
    public void Every_set_dimension_must_match()
    {
        Assert.True(new SubscriptionFilter { Sections = ["World"], Tags = ["weather", "x"], MinimumUrgency = 2, Language = "en" }.Matches(Bergen));
        Assert.False(new SubscriptionFilter { Sections = ["sport"] }.Matches(Bergen));
        Assert.False(new SubscriptionFilter { Tags = ["football"] }.Matches(Bergen));
        Assert.False(new SubscriptionFilter { MinimumUrgency = 1 }.Matches(Bergen));
        Assert.False(new SubscriptionFilter { Language = "nb" }.Matches(Bergen));
        Assert.False(new SubscriptionFilter { Stories = [Guid.NewGuid()] }.Matches(Bergen));
        Assert.True(new SubscriptionFilter { Stories = [Story] }.Matches(Bergen));
    }

    [Fact]
    public void Breaking_only_keeps_story_updates_out_of_a_stream_but_not_corrections_of_alerts()
    {
        var update = Bergen with { IsBreaking = false };
        var followUp = update with { FollowsAlert = true };
        var followerOnlyBreaking = new SubscriptionFilter { Stories = [Story], BreakingOnly = true };
        Assert.False(update.IsWantedBy(followerOnlyBreaking));
        Assert.True(update.IsWantedBy(new SubscriptionFilter { Stories = [Story] }));
        Assert.True(followUp.IsWantedBy(followerOnlyBreaking));
        Assert.False(followUp.IsWantedBy(new SubscriptionFilter { Sections = ["sport"] }));
    }
}
