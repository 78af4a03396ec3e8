using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>Two notification-service instances on one database, one set of queues and one backplane.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TwoInstanceTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Alerts = 24;
    private const int Subscribers = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task Both_instances_raise_and_deliver_alerts_each_reaches_each_subscriber_once_and_streams_on_either_get_them_all()
    {
        var tag = "m-" + Guid.NewGuid().ToString("N")[..8];
        var receivers = new List<WebhookReceiver>();
        var subscriptionIds = new List<string>();
        try
        {
            for (var i = 0; i < Subscribers; i++)
            {
                var receiver = await WebhookReceiver.StartAsync();
                receivers.Add(receiver);
                subscriptionIds.Add((await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } })).Id);
            }
            // Straight to each instance, past the gateway: each must hear about alerts the other one raised.
            using var first = StreamClient(ResourceNames.NotificationApi);
            using var second = StreamClient(ResourceNames.NotificationApiSecondInstance);
            using var firstStream = await SseReader.ConnectAsync(first, $"/api/notifications/stream?tags={tag}", lastEventId: null);
            using var secondStream = await SseReader.ConnectAsync(second, $"/api/notifications/stream?tags={tag}", lastEventId: null);

            var headlines = Enumerable.Range(1, Alerts).Select(i => TestData.Unique($"Regional results, district {i} declared")).ToList();
            foreach (var headline in headlines)
            {
                await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });
            }

            var streamedOnFirst = await ReadHeadlinesAsync(firstStream, headlines);
            var streamedOnSecond = await ReadHeadlinesAsync(secondStream, headlines);
            Assert.Equal(headlines.ToHashSet(), streamedOnFirst);
            Assert.Equal(headlines.ToHashSet(), streamedOnSecond);

            foreach (var receiver in receivers)
            {
                await EventuallyAsync(() => Task.FromResult(headlines.All(h => receiver.All.Any(w => w.Body.Contains(h, StringComparison.Ordinal)))),
                    Timeout, "every alert at every subscriber");
            }
            // Every delivery to these subscribers recorded as delivered: nothing is left that a worker could send again.
            await EventuallyAsync(async () => (await DistinctAsync("""
                SELECT DISTINCT "Status" FROM webhook_deliveries
                WHERE "SubscriptionId"::text = ANY(@ids) AND "EventType" = 'article.breaking'
                """, [.. subscriptionIds])).SequenceEqual(["Delivered"]), Timeout, "every delivery recorded as delivered");
            foreach (var receiver in receivers)
            {
                foreach (var headline in headlines)
                {
                    Assert.Single(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
                }
            }

            // Both instances consumed alert events and both sent webhooks: the work was shared, not done by one.
            var alertIds = receivers[0].All.Select(w => Data(w).GetProperty("alertId").GetString()!).ToArray();
            var raisedBy = await DistinctAsync("""SELECT DISTINCT "RaisedBy" FROM alerts WHERE "Id" = ANY(@ids)""", alertIds);
            var attemptedBy = await DistinctAsync("""
                SELECT DISTINCT a."AttemptedBy" FROM delivery_attempts a JOIN webhook_deliveries d ON d."Id" = a."DeliveryId"
                WHERE d."AlertId" = ANY(@ids)
                """, alertIds);
            output.WriteLine($"raised by: {string.Join(", ", raisedBy)}; attempted by: {string.Join(", ", attemptedBy)}");
            Assert.Equal(2, raisedBy.Count);
            Assert.Equal(2, attemptedBy.Count);
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    private HttpClient StreamClient(string instance)
    {
        var client = platform.App.CreateHttpClient(instance);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        return client;
    }

    private static async Task<HashSet<string>> ReadHeadlinesAsync(SseReader stream, IReadOnlyList<string> headlines)
    {
        var seen = new HashSet<string>();
        while (seen.Count < headlines.Count)
        {
            var streamed = await stream.NextEventAsync(Timeout);
            var headline = JsonDocument.Parse(streamed.Data).RootElement.GetProperty("data").GetProperty("headline").GetString()!;
            Assert.True(seen.Add(headline), $"'{headline}' streamed twice");
        }
        return seen;
    }

    private async Task<List<string>> DistinctAsync(string sql, string[] ids)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
