using System.Text.Json;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

[Collection(PlatformCollection.Name)]
public sealed class DeliveryRateLimitTests(PlatformFixture platform) : IAsyncLifetime
{
    // The fixture runs the service with 5 deliveries a second per subscription and bursts of 5.
    private const int Rate = 5;
    private const int Burst = 5;
    private const int Alerts = 15;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(200);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task Alerts_over_a_subscriptions_rate_are_deferred_and_logged_then_all_delivered_once()
    {
        var tag = "l-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        // Quiet hours closing in one to two minutes hold routine alerts until then, so they all come due at the same instant.
        var now = TimeOnly.FromDateTime(DateTime.UtcNow);
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } },
            new { timeZone = "Etc/UTC", start = now.AddHours(-1).ToString("HH:mm"), end = now.AddMinutes(2).ToString("HH:mm") });
        var headlines = Enumerable.Range(1, Alerts).Select(i => TestData.Unique($"Ferry crossing {i} cancelled in the gale")).ToList();
        foreach (var headline in headlines)
        {
            await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline, urgency: 3) with { Tags = [tag] });
        }
        await EventuallyAsync(async () => (await DeliveryLogAsync(platform.Gateway, subscription)).GetArrayLength() == Alerts, Timeout,
            "every alert queued for the subscription");
        Assert.Empty(receiver.All);

        await EventuallyAsync(() => Task.FromResult(headlines.All(h => receiver.All.Any(w => w.Body.Contains(h, StringComparison.Ordinal)))),
            Timeout, "every alert delivered");
        foreach (var headline in headlines)
        {
            Assert.Single(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
        }
        var log = (await DeliveryLogAsync(platform.Gateway, subscription)).EnumerateArray().ToList();
        // At 5 a second after a burst of 5, the last of 15 cannot be sent sooner than 2 s after the first. Timed by when
        // the service started each attempt: arrival times at this receiver also carry the test host's own scheduling.
        var attempts = log.Select(d => d.GetProperty("attemptLog")[0].GetProperty("attemptedAt").GetDateTimeOffset()).Order().ToList();
        Assert.True(attempts[^1] - attempts[0] >= TimeSpan.FromSeconds((Alerts - Burst) / (double)Rate) - TimeSpan.FromMilliseconds(500),
            $"15 deliveries were attempted within {(attempts[^1] - attempts[0]).TotalMilliseconds} ms: "
            + string.Join(", ", attempts.Select(a => a.ToString("HH:mm:ss.fff"))));

        Assert.All(log, d => Assert.Equal("Delivered", d.GetProperty("status").GetString()));
        Assert.All(log, d => Assert.Equal(1, d.GetProperty("attempts").GetInt32())); // deferred, not failed and retried
        Assert.True(log.Count(d => d.GetProperty("deferrals").GetInt32() > 0) >= Alerts - Burst,
            $"deferrals: {string.Join(", ", log.Select(d => d.GetProperty("deferrals").GetInt32()))}");
    }
}
