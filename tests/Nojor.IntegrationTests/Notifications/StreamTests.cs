using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;
using Npgsql;
using StackExchange.Redis;

namespace Nojor.IntegrationTests.Notifications;

[Collection(PlatformCollection.Name)]
public sealed class StreamTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task The_stream_through_the_gateway_delivers_live_and_resumes_from_the_last_event_id()
    {
        var tag = "s-" + Guid.NewGuid().ToString("N")[..8];
        using var client = platform.App.CreateHttpClient(ResourceNames.Gateway);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        var path = $"/api/notifications/stream?tags={tag}";

        string firstId;
        var first = TestData.Unique("Snowstorm closes the mountain pass");
        using (var stream = await SseReader.ConnectAsync(client, path, lastEventId: null))
        {
            await _publisher.PublishAsync(ArticleEventPublisher.Breaking(first) with { Tags = [tag] });
            var live = await stream.NextEventAsync(Timeout);
            Assert.Equal("article.breaking", live.Event);
            Assert.Contains(first, live.Data, StringComparison.Ordinal);
            firstId = live.Id;
        }

        // Missed while disconnected: an alert for us and one for another tag.
        var missed = TestData.Unique("Pass reopens with chains required");
        Guid[] missedArticles = [Guid.NewGuid(), Guid.NewGuid()];
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(TestData.Unique("Unrelated alert"), articleId: missedArticles[0]) with { Tags = ["elsewhere"] });
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(missed, articleId: missedArticles[1]) with { Tags = [tag] });
        // Both in the alert log before resuming, so the replay has the unrelated one to leave out and ours to send.
        await Eventually.EventuallyAsync(async () => await AlertsInTheLogAsync(missedArticles) == missedArticles.Length,
            Timeout, "both missed alerts to be in the alert log");

        using var resumed = await SseReader.ConnectAsync(client, path, lastEventId: firstId);
        var replayed = await resumed.NextEventAsync(Timeout);
        Assert.Contains(missed, replayed.Data, StringComparison.Ordinal);
        Assert.True(long.Parse(replayed.Id) > long.Parse(firstId));
    }

    [Fact]
    public async Task An_alert_whose_broadcast_was_lost_reaches_the_stream_before_the_next_one_that_was_broadcast()
    {
        var tag = "g-" + Guid.NewGuid().ToString("N")[..8];
        using var client = platform.App.CreateHttpClient(ResourceNames.Gateway);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        using var stream = await SseReader.ConnectAsync(client, $"/api/notifications/stream?tags={tag}", lastEventId: null);

        // Two alerts committed one after the other, as the consumers commit them, but only the second is broadcast: the
        // first one's publish failed, or is still on its way.
        var lost = await CommitAlertAsync(TestData.Unique("Ferry crossing cancelled"), tag);
        var broadcast = await CommitAlertAsync(TestData.Unique("Ferry crossing resumes"), tag);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(await platform.App.GetConnectionStringAsync(ResourceNames.Cache)
            ?? throw new InvalidOperationException("Redis has no connection string.")))
        {
            await redis.GetSubscriber().PublishAsync(RedisAlertBroadcaster.Channel, JsonSerializer.Serialize(StreamedAlert.From(broadcast)));
        }

        var first = await stream.NextEventAsync(Timeout);
        var second = await stream.NextEventAsync(Timeout);
        Assert.Equal(lost.Sequence.ToString(CultureInfo.InvariantCulture), first.Id);
        Assert.Equal(lost.Payload, first.Data);
        Assert.Equal(broadcast.Sequence.ToString(CultureInfo.InvariantCulture), second.Id);
    }

    private async Task<Alert> CommitAlertAsync(string headline, string tag)
    {
        var options = new DbContextOptionsBuilder<NotificationDbContext>()
            .UseNpgsql(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase)).Options;
        await using var db = new NotificationDbContext(options);
        var articleId = Guid.NewGuid();
        var alert = new Alert
        {
            Id = Alert.IdFor(Guid.NewGuid()),
            Type = AlertTypes.Breaking,
            ArticleId = articleId,
            SupersedeKey = articleId,
            Facts = new AlertFacts(true, 2, "news", [tag], [], null, "en"),
            Payload = JsonSerializer.Serialize(new { type = AlertTypes.Breaking, data = new { headline } }),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync();
        return alert;
    }

    private async Task<long> AlertsInTheLogAsync(Guid[] articleIds)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM alerts WHERE "ArticleId" = ANY(@ids)""", connection);
        command.Parameters.AddWithValue("ids", articleIds);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
