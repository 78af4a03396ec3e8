using System.Text.Json;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Feedback;
using Nojor.IntegrationTests.Notifications;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Faults;

[Collection(FaultCollection.Name)]
public sealed class RedisOutageTests(FaultPlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Well under the minute a memory copy lives: a change seen sooner than this was not waited out, it was evicted.</summary>
    private static readonly TimeSpan EvictedWithin = TimeSpan.FromSeconds(15);

    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task With_Redis_down_report_reads_aggregates_and_alert_streams_keep_working_and_an_invalidation_still_reaches_every_instance()
    {
        using var first = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
        first.DefaultRequestHeaders.Authorization = new("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        using var second = platform.App.CreateHttpClient(ResourceNames.ArticleApiSecondInstance);
        var headline = TestData.Unique("Harbour crane toppled by the gale");
        var (filed, etag) = await ArticleClient.FileAsync(first, ArticleClient.Report(headline));
        var slug = filed.GetProperty("slug").GetString()!;
        var id = filed.GetProperty("id").GetGuid();
        // Both instances hold the report in memory, as readers would have them (nothing of it is in Redis).
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(headline, (await ReadAsync(first, slug)).GetProperty("headline").GetString());
            Assert.Equal(headline, (await ReadAsync(second, slug)).GetProperty("headline").GetString());
        }

        var feedback = new FeedbackScenario(platform);
        await feedback.WaitForSummaryAsync(id, _ => true);
        await RateAsync(feedback, id, 4);
        await feedback.WaitForSummaryAsync(id, s => s.GetProperty("ratingCount").GetInt32() == 1);

        // A live stream on each notification instance.
        var tag = "redis-" + Guid.NewGuid().ToString("N")[..8];
        using var streamClients = new StreamClients(platform, tag);
        await streamClients.ConnectAsync();

        var killed = await ServerProcesses.KillAsync(platform, ResourceNames.Cache);
        output.WriteLine($"Redis killed ({killed} children left behind)");
        try
        {
            // An editor's change through one instance: the writer serves it at once, and the article event it saved
            // evicts the other's copy (the read caches hear of changes through the broker, not Redis).
            var updated = await ArticleClient.SendAsync(first, HttpMethod.Put, $"/api/articles/by-id/{id}",
                ArticleClient.Report(headline + " overnight"), ifMatch: etag);
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
            Assert.Equal(2, (await ReadAsync(first, slug)).GetProperty("version").GetInt32());
            await Eventually.EventuallyAsync(async () => (await ReadAsync(second, slug)).GetProperty("version").GetInt32() == 2 ? (bool?)true : null,
                EvictedWithin, "the second instance to serve the change made through the first while Redis is down");

            // Feedback aggregates: a new rating counts at once.
            await RateAsync(feedback, id, 2);
            var summary = await feedback.WaitForSummaryAsync(id, s => s.GetProperty("ratingCount").GetInt32() == 2);
            Assert.Equal(3.0, summary.GetProperty("ratingAverage").GetDouble());

            // Alert streams: both instances' clients get an alert, whichever instance raised it, from the alert log.
            await streamClients.PublishAndReceiveAsync(_publisher, TestData.Unique("Alert while Redis is down"), Timeout);
        }
        finally
        {
            await ServerProcesses.StartAsync(platform, ResourceNames.Cache);
        }

        // Back: the copies the outage did not touch are still served, and changes still reach the other instance.
        var current = await first.GetAsync($"/api/articles/by-id/{id}/draft");
        var changedAfter = await ArticleClient.SendAsync(first, HttpMethod.Put, $"/api/articles/by-id/{id}",
            ArticleClient.Report(headline + " cleared"), ifMatch: current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, changedAfter.StatusCode);
        await Eventually.EventuallyAsync(async () => (await ReadAsync(second, slug)).GetProperty("version").GetInt32() == 3 ? (bool?)true : null,
            EvictedWithin, "the second instance to serve the change made through the first");

        // The streams' backplane: an alert still reaches both instances' clients, each exactly once.
        await streamClients.PublishAndReceiveAsync(_publisher, TestData.Unique("Alert after Redis is back"), Timeout);
        streamClients.AssertEachReceivedOnce();
    }

    private static async Task<JsonElement> ReadAsync(HttpClient service, string slug)
    {
        var response = await service.GetAsync($"/api/articles/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task RateAsync(FeedbackScenario feedback, Guid articleId, int value)
    {
        using var reader = await feedback.NewReaderAsync();
        var rated = await reader.PutAsJsonAsync($"/api/feedback/articles/{articleId}/rating", new { value });
        Assert.True(rated.IsSuccessStatusCode, $"rating answered {(int)rated.StatusCode}");
    }

    /// <summary>One stream client on each notification instance, and every alert each has received.</summary>
    private sealed class StreamClients(PlatformFixture platform, string tag) : IDisposable
    {
        private static readonly string[] Instances = [ResourceNames.NotificationApi, ResourceNames.NotificationApiSecondInstance];
        private readonly List<(HttpClient Client, SseReader Reader, List<string> Received)> _streams = [];

        public async Task ConnectAsync()
        {
            foreach (var instance in Instances)
            {
                var client = platform.App.CreateHttpClient(instance);
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
                _streams.Add((client, await SseReader.ConnectAsync(client, $"/api/notifications/stream?tags={tag}", lastEventId: null), []));
            }
        }

        /// <summary>Publishes a breaking alert for the tag and reads each stream until it has arrived there.</summary>
        public async Task PublishAndReceiveAsync(ArticleEventPublisher publisher, string headline, TimeSpan timeout)
        {
            await publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });
            foreach (var ((_, reader, received), instance) in _streams.Zip(Instances))
            {
                while (!received.Any(data => data.Contains(headline, StringComparison.Ordinal)))
                {
                    try
                    {
                        received.Add((await reader.NextEventAsync(timeout)).Data);
                    }
                    catch (OperationCanceledException)
                    {
                        throw new Xunit.Sdk.XunitException($"The stream client on {instance} did not get '{headline}' within {timeout.TotalSeconds} s.");
                    }
                }
            }
        }

        /// <summary>Nothing arrived twice: each stream read up to the last alert published, so a repeat would be among them.</summary>
        public void AssertEachReceivedOnce()
        {
            foreach (var (_, _, received) in _streams)
            {
                Assert.Equal(received.Count, received.Distinct().Count());
            }
        }

        public void Dispose()
        {
            foreach (var (client, reader, _) in _streams)
            {
                reader.Dispose();
                client.Dispose();
            }
        }
    }
}
