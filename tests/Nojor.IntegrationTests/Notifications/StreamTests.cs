
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
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(TestData.Unique("Unrelated alert")) with { Tags = ["elsewhere"] });
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(missed) with { Tags = [tag] });
        await Task.Delay(TimeSpan.FromSeconds(3)); // let both commit before resuming

        using var resumed = await SseReader.ConnectAsync(client, path, lastEventId: firstId);
        var replayed = await resumed.NextEventAsync(Timeout);
        Assert.Contains(missed, replayed.Data, StringComparison.Ordinal);
        Assert.True(long.Parse(replayed.Id) > long.Parse(firstId));
    }
}
