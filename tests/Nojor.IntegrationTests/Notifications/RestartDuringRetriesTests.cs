using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

[Collection(PlatformCollection.Name)]
public sealed class RestartDuringRetriesTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task A_restart_in_the_middle_of_retries_loses_nothing_and_sends_nothing_twice()
    {
        var tag = "r-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.StatusCode = StatusCodes.Status503ServiceUnavailable;
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } });
        var headline = TestData.Unique("Bridge closed after a ship strikes a pillar");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });

        // Retrying: refused twice, so the next attempt is scheduled when the service goes down.
        await EventuallyAsync(() => Task.FromResult(Sent(receiver, headline).Count >= 2), Timeout, "two refused attempts");
        // Every instance: with one left running it would simply carry on with the retries.
        await NotificationInstances.RestartAsync(platform, output, ResourceNames.NotificationApi, ResourceNames.NotificationApiSecondInstance);

        // The restarted service picks the retries up where they were: one more refused attempt, then the receiver recovers.
        var beforeRecovery = Sent(receiver, headline).Count;
        await EventuallyAsync(() => Task.FromResult(Sent(receiver, headline).Count > beforeRecovery), Timeout, "a retry after the restart");
        receiver.StatusCode = StatusCodes.Status200OK;
        await EventuallyAsync(() => Task.FromResult(Sent(receiver, headline).Any(w => w.AnsweredWith == StatusCodes.Status200OK)), Timeout,
            "the delivery once the receiver answers 200");

        // Once the success is recorded nothing is scheduled any more: what the receiver saw until then is all it gets.
        JsonElement delivery = default;
        await EventuallyAsync(async () =>
        {
            delivery = (await DeliveryLogAsync(platform.Gateway, subscription)).EnumerateArray().Single();
            return delivery.GetProperty("status").GetString() == "Delivered";
        }, Timeout, "the delivery logged as delivered");
        var sent = Sent(receiver, headline);
        Assert.Single(sent, w => w.AnsweredWith == StatusCodes.Status200OK);
        Assert.Equal(StatusCodes.Status200OK, sent[^1].AnsweredWith); // nothing after the success
        var webhookId = Assert.Single(sent.Select(w => w.Headers["webhook-id"]).Distinct());
        foreach (var webhook in sent)
        {
            Verify(webhook, subscription.Secret);
        }

        // The log shows every attempt the receiver saw, in order, under the same delivery.
        Assert.Equal(webhookId, delivery.GetProperty("id").GetString());
        var attempts = delivery.GetProperty("attemptLog").EnumerateArray().ToList();
        Assert.Equal(sent.Count, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(Enumerable.Range(1, sent.Count), attempts.Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal(sent.Select(w => (int?)w.AnsweredWith), attempts.Select(a => (int?)a.GetProperty("statusCode").GetInt32()));
    }

    private static List<ReceivedWebhook> Sent(WebhookReceiver receiver, string headline) =>
        receiver.All.Where(w => w.Body.Contains(headline, StringComparison.Ordinal)).ToList();
}
