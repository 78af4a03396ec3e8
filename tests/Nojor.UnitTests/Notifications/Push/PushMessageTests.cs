using System.Text.Json;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Push;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications.Push;

/// <summary>What a push carries and how the push service is told to treat it, from the alert stored for delivery.</summary>
public sealed class PushMessageTests
{
    [Theory]
    [InlineData(1, "high", 12)]
    [InlineData(2, "high", 12)]
    [InlineData(3, "normal", 6)]
    [InlineData(5, "low", 2)]
    public void The_reports_urgency_sets_the_push_urgency_and_how_long_an_offline_device_may_still_get_it(int urgency, string pushUrgency, int hours)
    {
        var message = PushMessage.From(Payload(AlertTypes.Breaking, Data(urgency: urgency)));

        Assert.Equal(pushUrgency, message.PushUrgency);
        Assert.Equal(TimeSpan.FromHours(hours), message.TimeToLive);
    }

    [Fact]
    public void The_topic_is_the_story_so_alerts_on_one_story_replace_each_other_and_the_report_outside_a_story()
    {
        var story = Guid.NewGuid();
        var inStory = Data() with { StoryId = story };
        var alone = Data();

        Assert.Equal(story.ToString("N"), PushMessage.From(Payload(AlertTypes.Breaking, inStory)).Topic);
        Assert.Equal(alone.ArticleId.ToString("N"), PushMessage.From(Payload(AlertTypes.Updated, alone)).Topic);
        Assert.Matches("^[A-Za-z0-9_-]{1,32}$", PushMessage.From(Payload(AlertTypes.Breaking, inStory)).Topic);
    }

    [Fact]
    public void A_retraction_shows_why_the_report_was_withdrawn_and_names_the_alert_it_supersedes()
    {
        var message = PushMessage.From(Payload(AlertTypes.Retracted, Data() with { RetractionReason = "The source withdrew the claim.", Supersedes = "alr_earlier" }));

        Assert.Equal("The source withdrew the claim.", message.Summary);
        Assert.Equal("alr_earlier", message.Supersedes);
    }

    [Fact]
    public void A_message_too_long_for_one_push_record_is_shortened_to_fit()
    {
        var message = PushMessage.From(Payload(AlertTypes.Breaking, Data() with { Headline = new string('h', 5000), Summary = new string('s', 290) }));

        var json = message.ToUtf8Json();

        Assert.InRange(json.Length, 1, WebPushEncryption.MaxPlaintextLength);
        Assert.False(JsonDocument.Parse(json).RootElement.TryGetProperty("summary", out _));
    }

    private static AlertData Data(int urgency = 2) => new()
    {
        AlertId = "alr_" + Guid.NewGuid().ToString("N"),
        ArticleId = Guid.NewGuid(),
        Slug = "bridge-closed",
        Headline = "Bridge closed for repairs",
        Summary = "Traffic is sent round by the ring road.",
        Urgency = urgency,
        Version = 1,
        Url = "http://localhost:5080/articles/bridge-closed",
    };

    private static string Payload(string type, AlertData data) => new WebhookPayload<AlertData>(type, DateTimeOffset.UtcNow, data).ToJson();
}
