using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nojor.IntegrationTests.Notifications;
using Xunit.Abstractions;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Faults;

[Collection(FaultCollection.Name)]
public sealed class FailingReceiverTests(FaultPlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The platform's retry schedule in the tests (PlatformFixture): 1 s, doubling, at most 3 s, each ±20 %.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How much later than scheduled an attempt may start: the workers look for due retries every second, and this
    /// machine's cores are shared. Wide on purpose; what the test pins down is that no retry comes early.
    /// </summary>
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(6);

    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task A_receiver_that_refuses_then_times_out_then_answers_is_retried_on_schedule_and_gets_one_logical_delivery()
    {
        var tag = "flaky-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } });
        receiver.Script.Enqueue(new ScriptedAnswer(StatusCodes.Status500InternalServerError));
        // Held past the service's timeout: the service gives up on the attempt while the receiver is still working on it.
        receiver.Script.Enqueue(new ScriptedAnswer(StatusCodes.Status200OK, FaultPlatformFixture.WebhookTimeout + TimeSpan.FromSeconds(2)));
        var headline = TestData.Unique("Ferry runs aground in the fjord");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });

        JsonElement delivery = default;
        await EventuallyAsync(async () =>
        {
            delivery = (await DeliveryLogAsync(platform.Gateway, subscription)).EnumerateArray().SingleOrDefault();
            return delivery.ValueKind == JsonValueKind.Object && delivery.GetProperty("status").GetString() == "Delivered";
        }, Timeout, "the delivery logged as delivered");
        // Once delivered, the service is done with it; a marker alert sent after it, once received, shows anything the
        // service still had for this receiver has arrived too.
        var marker = TestData.Unique("Marker after the flaky delivery");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(marker) with { Tags = [tag] });
        await receiver.ReceivedAsync(marker, Timeout);

        var sent = receiver.All.Where(w => w.Body.Contains(headline, StringComparison.Ordinal)).ToList();
        foreach (var webhook in sent)
        {
            output.WriteLine($"{webhook.ReceivedAt:HH:mm:ss.fff} answered {webhook.AnsweredWith} after {webhook.HeldFor.TotalSeconds:F1} s");
        }
        Assert.Equal(3, sent.Count);
        Assert.Equal([StatusCodes.Status500InternalServerError, StatusCodes.Status200OK, StatusCodes.Status200OK], sent.Select(w => w.AnsweredWith));
        Assert.True(sent[1].HeldFor > FaultPlatformFixture.WebhookTimeout);

        // One logical delivery: every attempt is the same message, signed, under one webhook-id the receiver can dedupe by.
        var webhookId = Assert.Single(sent.Select(w => w.Headers["webhook-id"]).Distinct());
        foreach (var webhook in sent)
        {
            Verify(webhook, subscription.Secret);
        }
        Assert.NotEqual(webhookId, (await receiver.ReceivedAsync(marker, Timeout)).Headers["webhook-id"]);

        // On schedule: each retry waits the backoff after the attempt before it (never less), and not much more.
        for (var attempt = 1; attempt < sent.Count; attempt++)
        {
            var backoff = TimeSpan.FromTicks(Math.Min(FirstRetryDelay.Ticks * (1L << (attempt - 1)), MaxRetryDelay.Ticks));
            var gap = sent[attempt].ReceivedAt - sent[attempt - 1].ReceivedAt;
            Assert.InRange(gap, backoff * 0.8, (backoff * 1.2) + sent[attempt - 1].HeldFor + Lateness);
        }

        // The log tells the same story: three attempts under that id, the second given up as timed out.
        Assert.Equal(webhookId, delivery.GetProperty("id").GetString());
        var attempts = delivery.GetProperty("attemptLog").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal(StatusCodes.Status500InternalServerError, attempts[0].GetProperty("statusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, attempts[1].GetProperty("statusCode").ValueKind);
        Assert.Equal("Timed out", attempts[1].GetProperty("error").GetString());
        Assert.Equal(StatusCodes.Status200OK, attempts[2].GetProperty("statusCode").GetInt32());
    }
}
