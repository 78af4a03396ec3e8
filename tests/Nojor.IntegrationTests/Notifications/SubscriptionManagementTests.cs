using System.Text.Json;
using Nojor.IntegrationTests.Articles;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

[Collection(PlatformCollection.Name)]
public sealed class SubscriptionManagementTests(PlatformFixture platform)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Filters_and_quiet_hours_are_stored_read_back_and_replaced()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var story = Guid.NewGuid();
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url,
            new
            {
                sections = new[] { "world" },
                places = new[] { new { country = "Norway", region = "Vestland" } },
                stories = new[] { story },
                minimumUrgency = 2,
                language = "en"
            },
            new { timeZone = "Europe/Oslo", start = "22:00", end = "07:00" });

        var read = await (await SendAsync(platform.Gateway, HttpMethod.Get, $"/api/subscriptions/{subscription.Id}", subscription.Token))
            .Content.ReadFromJsonAsync<JsonElement>();
        var filters = read.GetProperty("filters");
        Assert.Equal("Vestland", filters.GetProperty("places")[0].GetProperty("region").GetString());
        Assert.Equal(story, filters.GetProperty("stories")[0].GetGuid());
        Assert.Equal(2, filters.GetProperty("minimumUrgency").GetInt32());
        Assert.Equal("Europe/Oslo", read.GetProperty("quietHours").GetProperty("timeZone").GetString());

        var updated = await SendAsync(platform.Gateway, HttpMethod.Put, $"/api/subscriptions/{subscription.Id}", subscription.Token,
            new { url = receiver.Url, filters = new { tags = new[] { "elections" }, breakingOnly = true } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("elections", after.GetProperty("filters").GetProperty("tags")[0].GetString());
        Assert.True(after.GetProperty("filters").GetProperty("breakingOnly").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("quietHours").ValueKind);
    }

    [Theory]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","filters":{"minimumUrgency":9}}""", "filters.minimumUrgency")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","quietHours":{"timeZone":"Mars/Olympus","start":"22:00","end":"07:00"}}""", "quietHours.timeZone")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","filters":{"places":[{"country":"","region":"x"}]}}""", "filters.places")]
    [InlineData("""{"url":"ftp://example.com/hook"}""", "url")]
    public async Task Bad_settings_are_a_400_naming_the_field(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await platform.Gateway.PostAsync("/api/subscriptions", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    [Fact]
    public async Task A_test_ping_after_rotation_is_signed_with_both_secrets_and_logged_and_replayed_with_the_same_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url);

        var rotated = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/secret/rotate", subscription.Token);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.NotEqual(subscription.Secret, newSecret);

        var test = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/test", subscription.Token);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var deliveryId = (await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deliveryId").GetString()!;

        var ping = await receiver.WaitForAsync("webhook.ping", Timeout);
        Assert.Equal(deliveryId, ping.Headers["webhook-id"]);
        Assert.Equal(2, ping.Headers["webhook-signature"].Split(' ').Length);
        Verify(ping, newSecret);
        // The old secret still signs during the grace period: its signature is the second in the header.
        TestData.AssertSignedPerStandardWebhooks(ping, subscription.Secret);
        Assert.ThrowsAny<Exception>(() => Verify(ping, "whsec_" + Convert.ToBase64String(new byte[32])));

        await EventuallyAsync(async () =>
        {
            var log = await DeliveryLogAsync(platform.Gateway, subscription);
            return log.EnumerateArray().Any(d => d.GetProperty("id").GetString() == deliveryId && d.GetProperty("status").GetString() == "Delivered"
                && d.GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32() == 200);
        }, Timeout, "the ping in the delivery log");

        var replay = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/deliveries/{deliveryId}/replay",
            subscription.Token);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await EventuallyAsync(() => Task.FromResult(receiver.All.Count(w => w.Headers["webhook-id"] == deliveryId) == 2), Timeout, "the replay");
    }

    [Fact]
    public async Task A_paused_subscription_gets_nothing_until_resumed()
    {
        await using var publisher = await ArticleEventPublisher.StartAsync(platform);
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { "pause-test" } });
        await using var witness = await WebhookReceiver.StartAsync();
        await SubscribeAsync(platform.Gateway, witness.Url, new { tags = new[] { "pause-test" } });
        var paused = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/pause", subscription.Token);
        Assert.True((await paused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paused").GetBoolean());

        var headline = TestData.Unique("Ferry timetable changes for winter");
        await publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = ["pause-test"] });
        // A subscriber on the same tag that is not paused gets the alert: it was raised while the other one was paused.
        await witness.WaitForAsync(headline, Timeout);

        await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/resume", subscription.Token);
        var later = TestData.Unique("Ferry timetable restored");
        await publisher.PublishAsync(ArticleEventPublisher.Breaking(later) with { Tags = ["pause-test"] });
        // The later alert is the marker: what was published while paused would have come before it, and never does.
        await receiver.WaitForAsync(later, Timeout);
        Assert.DoesNotContain(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Management_needs_the_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Gateway.PostAsync($"/api/subscriptions/{subscription.Id}/test", null)).StatusCode);
        var wrong = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/secret/rotate", "nst_wrong");
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        var log = await SendAsync(platform.Gateway, HttpMethod.Get, $"/api/subscriptions/{subscription.Id}/deliveries", "nst_wrong");
        Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
    }

    [Fact]
    public async Task A_subscription_deleted_while_its_delivery_is_on_the_wire_costs_the_other_subscribers_no_second_copy()
    {
        // Both deliveries go out in one pass of the worker, whose outcomes are recorded together.
        var tag = "wire-" + Guid.NewGuid().ToString("N")[..8];
        await using var leaving = await WebhookReceiver.StartAsync();
        leaving.Hold = TimeSpan.FromSeconds(5);
        await using var staying = await WebhookReceiver.StartAsync();
        var leavingSubscription = await SubscribeAsync(platform.Gateway, leaving.Url, new { tags = new[] { tag } });
        var stayingSubscription = await SubscribeAsync(platform.Gateway, staying.Url, new { tags = new[] { tag } });

        var headline = TestData.Unique("Harbour crane collapses in the storm");
        await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(headline, breaking: true, urgency: 1, tags: [tag]));
        await leaving.WaitForAsync(headline, Timeout);
        // The leaving subscriber's delivery is on the wire (its receiver holds the answer): the subscription goes now.
        Assert.Equal(HttpStatusCode.NoContent,
            (await SendAsync(platform.Gateway, HttpMethod.Delete, $"/api/subscriptions/{leavingSubscription.Id}", leavingSubscription.Token)).StatusCode);

        // The staying subscriber's outcome is recorded: a pass that failed to record would leave it pending until its lease
        // ran out, and send it again.
        // Read every two seconds, inside the subscription's budget of management calls, for longer than a lease lasts.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(await DeliveryLogAsync(platform.Gateway, stayingSubscription)).EnumerateArray()
            .Any(d => d.GetProperty("status").GetString() == "Delivered"))
        {
            Assert.True(DateTime.UtcNow < deadline, "The staying subscriber's delivery was not recorded within 90 s.");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        Assert.Single(staying.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
    }
}
