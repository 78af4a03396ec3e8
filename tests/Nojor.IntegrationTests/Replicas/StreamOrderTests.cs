using MassTransit;
using Nojor.IntegrationTests.Faults;
using Nojor.IntegrationTests.Notifications;
using Npgsql;

namespace Nojor.IntegrationTests.Replicas;

/// <summary>
/// Alerts raised side by side by two notification instances take their sequence when inserted but reach streams when
/// committed: a client that resumes with the id of one that overtook another must still get the overtaken one. (Issue 15:
/// alerts now commit in sequence order and the hubs hand them out in it; <c>AlertSequencerTests</c> covers the hub's part.)
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed class StreamOrderTests(ReplicaPlatformFixture platform)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_client_resuming_after_an_alert_that_overtook_an_earlier_one_still_gets_the_earlier_one()
    {
        var tag = "order-" + Guid.NewGuid().ToString("N")[..8];
        var path = $"/api/notifications/stream?tags={tag}";
        await using var publisher = await ArticleEventPublisher.StartAsync(platform);
        using var client = platform.Client(ResourceNames.Gateway);
        client.Timeout = Timeout.InfiniteTimeSpan;
        var heldMessage = NewId.NextGuid();
        var held = ArticleEventPublisher.Breaking(TestData.Unique("Held back bulletin")) with { Tags = [tag] };
        var overtaking = ArticleEventPublisher.Breaking(TestData.Unique("Overtaking bulletin")) with { Tags = [tag] };

        string lastId;
        using (var stream = await SseReader.ConnectAsync(client, path, lastEventId: null))
        {
            // The held alert's consumer waits on the inbox row held here. It used to insert its alert first, taking the lower
            // sequence, and the overtaking alert then committed and streamed ahead of it; now it claims that row before
            // it takes a sequence, so whichever alert commits first has the lower one.
            await using (var hold = await InboxRowHold.TakeAsync(platform, heldMessage, "BreakingNewsConsumer"))
            {
                await publisher.PublishAsync(held, heldMessage);
                await Eventually.EventuallyAsync(async () => await hold.WaitingAsync() > 0, Generous, "the held alert's consumer to wait");
                await publisher.PublishAsync(overtaking);
                var live = await stream.NextEventAsync(Generous);
                Assert.Contains(overtaking.Headline, live.Data, StringComparison.Ordinal);
                lastId = live.Id;
            }
        }
        await Eventually.EventuallyAsync(async () => (await Databases.QueryAsync(platform, ResourceNames.NotificationDatabase,
            """SELECT count(*) FROM alerts WHERE "ArticleId" = @id""", r => r.GetInt64(0), ("id", held.ArticleId))).Single() == 1,
            Generous, "the held alert to commit");

        using var resumed = await SseReader.ConnectAsync(client, path, lastId);
        var marker = ArticleEventPublisher.Breaking(TestData.Unique("Marker bulletin")) with { Tags = [tag] };
        await publisher.PublishAsync(marker);
        var seen = new List<string>();
        while (!seen.Any(d => d.Contains(marker.Headline, StringComparison.Ordinal)))
        {
            seen.Add((await resumed.NextEventAsync(Generous)).Data);
        }
        Assert.Single(seen, d => d.Contains(held.Headline, StringComparison.Ordinal));
        Assert.DoesNotContain(seen, d => d.Contains(overtaking.Headline, StringComparison.Ordinal));
    }

    /// <summary>An uncommitted inbox row for one message: the consumer handling it blocks on its insert until this ends.</summary>
    private sealed class InboxRowHold : IAsyncDisposable
    {
        private readonly PlatformFixture _platform;
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;

        private InboxRowHold(PlatformFixture platform, NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            _platform = platform;
            _connection = connection;
            _transaction = transaction;
        }

        public static async Task<InboxRowHold> TakeAsync(PlatformFixture platform, Guid messageId, string consumer)
        {
            var connection = await Databases.OpenAsync(platform, ResourceNames.NotificationDatabase);
            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(
                "INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES (@id, @consumer, now())", connection, transaction);
            command.Parameters.AddWithValue("id", messageId);
            command.Parameters.AddWithValue("consumer", consumer);
            await command.ExecuteNonQueryAsync();
            return new InboxRowHold(platform, connection, transaction);
        }

        public async Task<long> WaitingAsync() =>
            (await Databases.QueryAsync(_platform, ResourceNames.NotificationDatabase,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted", r => r.GetInt64(0))).Single();

        public async ValueTask DisposeAsync()
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
