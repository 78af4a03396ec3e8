using System.Text.Json;
using Nojor.Contracts;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

[Collection(PlatformCollection.Name)]
public sealed class AlertRoutingTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task Places_route_alerts_to_the_subscribers_of_that_country_region_or_district()
    {
        var tag = Tag();
        await using var bergen = await WebhookReceiver.StartAsync();
        await using var sweden = await WebhookReceiver.StartAsync();
        var bergenSubscription = await SubscribeAsync(platform.Gateway, bergen.Url,
            new { tags = new[] { tag }, places = new[] { new { country = "Norway", region = "Vestland", district = "Bergen" } } });
        await SubscribeAsync(platform.Gateway, sweden.Url, new { tags = new[] { tag }, places = new[] { new { country = "Sweden" } } });

        var headline = TestData.Unique("Landslide closes the coastal road");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });

        var webhook = await bergen.WaitForAsync(headline, Timeout);
        Verify(webhook, bergenSubscription.Secret);
        Assert.Equal("article.breaking", Type(webhook));
        // A report from Sweden, published after: once it is in, the Bergen one would have come before it.
        var marker = TestData.Unique("Ferry to Gothenburg delayed");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(marker, places: [new ArticlePlace("Sweden", null, null)]) with { Tags = [tag] });
        await sweden.WaitForAsync(marker, Timeout);
        Assert.DoesNotContain(sweden.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_message_published_twice_is_delivered_once()
    {
        var tag = Tag();
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } });
        var headline = TestData.Unique("Airport reopens after the fog lifts");
        var message = ArticleEventPublisher.Breaking(headline) with { Tags = [tag] };
        var messageId = Guid.NewGuid();

        await _publisher.PublishAsync(message, messageId);
        await _publisher.PublishAsync(message, messageId);
        await receiver.WaitForAsync(headline, Timeout);

        await ReceiveMarkerAsync(receiver, tag);
        Assert.Single(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_newer_alert_on_the_same_story_within_the_window_names_the_one_it_supersedes()
    {
        var tag = Tag();
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } });
        var story = new StoryReference(Guid.NewGuid(), "river-flooding", "River flooding");
        var first = TestData.Unique("River bursts its banks upstream");
        var second = TestData.Unique("Flood reaches the town centre");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(first, story: story) with { Tags = [tag] });
        var earlier = await receiver.WaitForAsync(first, Timeout);
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(second, story: story) with { Tags = [tag] });
        var later = await receiver.WaitForAsync(second, Timeout);

        Assert.Equal(JsonValueKind.Null, Data(earlier).GetProperty("supersedes").ValueKind);
        Assert.Equal(Data(earlier).GetProperty("alertId").GetString(), Data(later).GetProperty("supersedes").GetString());
        Assert.Equal(story.StoryId, Data(later).GetProperty("storyId").GetGuid());
    }

    [Fact]
    public async Task Corrections_and_retractions_follow_the_alert_even_past_the_filters()
    {
        var tag = Tag();
        await using var alerted = await WebhookReceiver.StartAsync();
        await using var bystander = await WebhookReceiver.StartAsync();
        // Both filter on urgency 2 or more pressing and on the tag: the correction (urgency 4, no tag match) passes neither filter.
        await SubscribeAsync(platform.Gateway, alerted.Url, new { tags = new[] { tag }, minimumUrgency = 2 });
        var headline = TestData.Unique("Minister resigns over the budget");
        var alert = ArticleEventPublisher.Breaking(headline) with { Tags = [tag] };
        await _publisher.PublishAsync(alert);
        await alerted.WaitForAsync(headline, Timeout);
        await SubscribeAsync(platform.Gateway, bystander.Url, new { tags = new[] { tag }, minimumUrgency = 2 });

        await _publisher.PublishAsync(ArticleEventPublisher.Correction(alert, "An earlier version misnamed the ministry.") with { Tags = ["other"] });
        var correction = await alerted.WaitForAsync("misnamed the ministry", Timeout);
        Assert.Equal("article.corrected", Type(correction));
        await _publisher.PublishAsync(ArticleEventPublisher.Retraction(alert, "The resignation was not confirmed."));
        var retraction = await alerted.WaitForAsync("not confirmed", Timeout);
        Assert.Equal("article.retracted", Type(retraction));
        Assert.Equal(Data(correction).GetProperty("alertId").GetString(), Data(retraction).GetProperty("supersedes").GetString());

        await ReceiveMarkerAsync(bystander, tag);
        // Never alerted about this report, so no correction or retraction either: only the marker came.
        Assert.Single(bystander.All);
    }

    [Fact]
    public async Task Quiet_hours_hold_routine_alerts_but_not_flash_ones()
    {
        var tag = Tag();
        await using var receiver = await WebhookReceiver.StartAsync();
        var now = TimeOnly.FromDateTime(DateTime.UtcNow);
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } },
            new { timeZone = "Etc/UTC", start = now.AddHours(-1).ToString("HH:mm"), end = now.AddHours(2).ToString("HH:mm") });

        var routine = TestData.Unique("Parliament schedules an extra session");
        var flash = TestData.Unique("Earthquake felt across the region");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(routine, urgency: 2) with { Tags = [tag] });
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(flash, urgency: 1) with { Tags = [tag] });

        await receiver.WaitForAsync(flash, Timeout);
        JsonElement held = default;
        await EventuallyAsync(async () =>
        {
            var log = await DeliveryLogAsync(platform.Gateway, subscription);
            // A new delivery is briefly due at once until the worker sees the quiet hours and defers it: wait for the deferral.
            held = log.EnumerateArray().FirstOrDefault(d => d.GetProperty("status").GetString() == "Pending"
                && d.GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));
            return held.ValueKind == JsonValueKind.Object;
        }, Timeout, "the routine alert held until the quiet hours end");
        Assert.True(held.GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.DoesNotContain(receiver.All, w => w.Body.Contains(routine, StringComparison.Ordinal));
    }

    private static string Tag() => "t-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Publishes a breaking report on the tag after everything the test published and waits for it: a late or duplicate
    /// delivery of what came before would have arrived by then, so asserting its absence afterwards proves something.
    /// </summary>
    private async Task ReceiveMarkerAsync(WebhookReceiver receiver, string tag)
    {
        var marker = TestData.Unique("Marker: the lighthouse is lit");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(marker) with { Tags = [tag] });
        await receiver.ReceivedAsync(marker, Timeout);
    }
}
