using Npgsql;

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
        await NotificationClient.EventuallyAsync(async () => await AlertsInTheLogAsync(missedArticles) == missedArticles.Length,
            Timeout, "both missed alerts to be in the alert log");

        using var resumed = await SseReader.ConnectAsync(client, path, lastEventId: firstId);
        var replayed = await resumed.NextEventAsync(Timeout);
        Assert.Contains(missed, replayed.Data, StringComparison.Ordinal);
        Assert.True(long.Parse(replayed.Id) > long.Parse(firstId));
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
