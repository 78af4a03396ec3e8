using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Notifications;
using Npgsql;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Faults;

[Collection(FaultCollection.Name)]
public sealed class BrokerKillTests(FaultPlatformFixture platform, ITestOutputHelper output)
{
    /// <summary>
    /// More reports than the consumers of both notification instances take from the broker at once (MassTransit's prefetch),
    /// so at the kill some of the batch is in the consumers' hands, unacknowledged, and the rest still queued behind it.
    /// </summary>
    private const int ReportsBefore = 48;

    private const int ReportsDuring = 8;
    private const int Subscribers = 6;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private const string BreakingNewsType = "Nojor.Contracts.BreakingNewsIssued, Nojor.Contracts";
    private const string ArticlePublishedType = "Nojor.Contracts.ArticlePublished, Nojor.Contracts";

    /// <summary>The consumers whose inbox rows show what was handled (their class names, as the inbox stores them).</summary>
    private const string AlertConsumer = "BreakingNewsConsumer";
    private const string ReadModelConsumer = "ArticlePublishedConsumer";

    private static readonly string[] ServicesOnTheBroker =
        [ResourceNames.ArticleApi, ResourceNames.ArticleApiSecondInstance, ResourceNames.FeedbackApi, ResourceNames.NotificationApi,
        ResourceNames.NotificationApiSecondInstance, ResourceNames.Gateway];

    [Fact]
    public async Task The_broker_killed_while_consumers_hold_a_batch_loses_no_event_handles_none_twice_and_every_service_recovers()
    {
        var tag = "broker-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscriptions = new Guid[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var subscription = await WebhookSubscriptions.SubscribeAsync(platform.Gateway, $"{receiver.Url}?subscriber={i}", new { tags = new[] { tag } });
            subscriptions[i] = Guid.Parse(subscription.Id);
        }
        using var editor = platform.EditorGateway();
        editor.Timeout = RequestTimeout;
        var reports = new List<(Guid Id, string Headline)>();

        // The consumers' own word on what they skip as already handled.
        await using var logs = ServiceLogs.Watch(platform, ResourceNames.NotificationApi, ResourceNames.NotificationApiSecondInstance,
            ResourceNames.FeedbackApi);
        var killedAt = DateTimeOffset.MinValue;
        List<(Guid MessageId, string Consumer)> unacknowledged = [];
        try
        {
            // A slow database under the consumers: each waits to write its inbox row (the read model's with its effects, the
            // alerts' before them, as it claims its message first), inside the message and before acknowledging it. Nothing of the batch can be finished before the kill, and what the
            // consumers hold when the broker dies is exactly what is waiting here.
            var notificationHold = await InboxHold.TakeAsync(platform, ResourceNames.NotificationDatabase);
            var feedbackHold = await InboxHold.TakeAsync(platform, ResourceNames.FeedbackDatabase);
            try
            {
                for (var i = 0; i < ReportsBefore; i++)
                {
                    reports.Add(await FileAsync(editor, tag, $"Gale warning for the outer islands, bulletin {i}"));
                }
                // Every event of the batch is in the broker's hands (confirmed to the article service's outbox)...
                await UntilAsync(async () => await CountAsync(ResourceNames.ArticleDatabase, UnpublishedEvents) == 0,
                    "the article outbox to have handed every event of the batch to the broker");
                // ...and both services' consumers are inside messages of it.
                await UntilAsync(async () => await notificationHold.WaitingAsync() > 0 && await feedbackHold.WaitingAsync() > 0,
                    "consumers of both services to be in the middle of messages");

                var inHand = (Alerts: await notificationHold.WaitingAsync(), ReadModel: await feedbackHold.WaitingAsync());
                killedAt = DateTimeOffset.UtcNow;
                await ServerProcesses.KillBrokerAsync(platform);
                output.WriteLine($"broker killed with {inHand.Alerts} alert and {inHand.ReadModel} read-model messages in the consumers' hands, "
                    + $"of {ReportsBefore} each");
                Assert.True(inHand.Alerts < ReportsBefore && inHand.ReadModel < ReportsBefore,
                    "the consumers held the whole batch: nothing was queued behind it");
            }
            finally
            {
                // Let the consumers finish what they hold: they commit, and their acknowledgements go nowhere.
                await notificationHold.DisposeAsync();
                await feedbackHold.DisposeAsync();
            }

            // While the broker is down: reports are still filed, their events wait in the article service's outbox.
            for (var i = 0; i < ReportsDuring; i++)
            {
                reports.Add(await FileAsync(editor, tag, $"Ferries cancelled while the broker is down, bulletin {i}"));
            }
            Assert.True(ServerProcesses.IsDown(platform, ResourceNames.Messaging), "the broker came back by itself");
            Assert.True(await CountAsync(ResourceNames.ArticleDatabase, UnpublishedEvents) >= 2 * ReportsDuring,
                "the events of the reports filed during the outage are not all waiting in the outbox");

            // Nothing of the batch could be handled before the kill, so what is handled now was handled after it, by a consumer
            // whose acknowledgement had nowhere to go: the broker will deliver it again, and it must be recognised.
            var batch = await EventsAsync([.. reports.Take(ReportsBefore).Select(r => r.Id)]);
            unacknowledged = [
                .. await HandledMessagesAsync(ResourceNames.NotificationDatabase, AlertConsumer, batch, BreakingNewsType),
                .. await HandledMessagesAsync(ResourceNames.FeedbackDatabase, ReadModelConsumer, batch, ArticlePublishedType)];
            output.WriteLine($"handled after the kill, their acknowledgement lost: {unacknowledged.Count(m => m.Consumer == AlertConsumer)} alerts, "
                + $"{unacknowledged.Count(m => m.Consumer == ReadModelConsumer)} read-model updates");
        }
        finally
        {
            if (ServerProcesses.IsDown(platform, ResourceNames.Messaging))
            {
                await ServerProcesses.StartAsync(platform, ResourceNames.Messaging);
            }
        }
        output.WriteLine($"broker back {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:F0} s after the kill");

        var ids = reports.Select(r => r.Id).ToArray();
        var events = await EventsAsync(ids);
        Assert.Equal(2 * reports.Count, events.Count);
        var alertMessages = events.Where(e => e.Type == BreakingNewsType).Select(e => e.MessageId).ToArray();

        // Every event, from before the kill and from the outage, handled: each alert raised, each report in the read model.
        await UntilAsync(async () => await HandledAsync(ResourceNames.NotificationDatabase, AlertConsumer, events, BreakingNewsType) == reports.Count,
            "every breaking-news event handled");
        await UntilAsync(async () => await HandledAsync(ResourceNames.FeedbackDatabase, ReadModelConsumer, events, ArticlePublishedType) == reports.Count,
            "every publication handled");
        Assert.Equal(reports.Count, await CountAsync(ResourceNames.FeedbackDatabase,
            """SELECT count(*) FROM known_articles WHERE "ArticleId" = ANY(@ids)""", ("ids", ids)));

        // What was handled but never acknowledged came back from the broker, and the inbox recognised each as handled.
        await UntilAsync(() => Task.FromResult(unacknowledged.All(m => logs.Contain($"Message {m.MessageId} was already handled by {m.Consumer}; skipped"))),
            "every message handled during the outage to be delivered again and skipped");
        output.WriteLine($"{unacknowledged.Count} messages handled during the outage delivered again, each skipped as handled");

        // One alert per report, raised from its own event.
        var alerts = await Databases.QueryAsync(platform, ResourceNames.NotificationDatabase,
            """SELECT "Id", "ArticleId" FROM alerts WHERE "ArticleId" = ANY(@ids)""", r => (Id: r.GetString(0), ArticleId: r.GetGuid(1)),
            ("ids", ids));
        Assert.Equal(reports.Count, alerts.Count);
        Assert.Equal(reports.Count, alerts.Select(a => a.ArticleId).Distinct().Count());
        Assert.Equal(alertMessages.Select(m => "alr_" + m.ToString("N")).Order(), alerts.Select(a => a.Id).Order());

        // One delivery per subscriber per alert, each delivered. (Only this test's subscribers: an earlier fault test's
        // subscriptions without filters get these alerts too.)
        (string, object)[] ours = [("alerts", alerts.Select(a => a.Id).ToArray()), ("subscriptions", subscriptions)];
        await UntilAsync(async () => await CountAsync(ResourceNames.NotificationDatabase, """
                SELECT count(*) FROM webhook_deliveries
                WHERE "AlertId" = ANY(@alerts) AND "SubscriptionId" = ANY(@subscriptions) AND "Status" = 'Delivered'
                """, ours) == reports.Count * Subscribers, "every delivery recorded as delivered");
        Assert.Equal(reports.Count * Subscribers, await CountAsync(ResourceNames.NotificationDatabase,
            """SELECT count(*) FROM webhook_deliveries WHERE "AlertId" = ANY(@alerts) AND "SubscriptionId" = ANY(@subscriptions)""", ours));

        // Every delivery is recorded as delivered, so the receiver has all it will get: each subscriber each report, under
        // one webhook-id. A repeat (a send whose answer was not recorded in time) carries the same id, so receivers drop it.
        foreach (var (_, headline) in reports)
        {
            var copies = receiver.All.Where(w => w.Body.Contains(headline, StringComparison.Ordinal)).ToList();
            var bySubscriber = copies.GroupBy(w => w.Query).ToList();
            Assert.Equal(Subscribers, bySubscriber.Count);
            Assert.All(bySubscriber, c => Assert.Single(c.Select(w => w.Headers["webhook-id"]).Distinct()));
        }
        var repeats = receiver.All.Count(w => w.Body.Contains(tag, StringComparison.Ordinal)) - reports.Count * Subscribers;
        output.WriteLine($"{repeats} webhooks received a second time, under the same webhook-id");

        // Every service healthy again: connected to the broker, its receive endpoints running.
        foreach (var service in ServicesOnTheBroker)
        {
            using var client = platform.App.CreateHttpClient(service);
            client.Timeout = RequestTimeout;
            await UntilAsync(async () => (await client.GetAsync("/health")).IsSuccessStatusCode, $"{service} to be healthy again");
        }
    }

    private const string UnpublishedEvents = "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL";

    private static async Task<(Guid Id, string Headline)> FileAsync(HttpClient editor, string tag, string headline)
    {
        headline = TestData.Unique(headline);
        var (filed, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, urgency: 2, breaking: true, tags: [tag]));
        return (filed.GetProperty("id").GetGuid(), headline);
    }

    /// <summary>The integration events the article service wrote for the reports: their message ids and types.</summary>
    private Task<List<(Guid MessageId, string Type)>> EventsAsync(Guid[] articleIds) =>
        Databases.QueryAsync(platform, ResourceNames.ArticleDatabase,
            """SELECT id, message_type FROM outbox_messages WHERE (body->>'articleId')::uuid = ANY(@ids)""",
            r => (r.GetGuid(0), r.GetString(1)), ("ids", articleIds));

    /// <summary>The events of <paramref name="type"/> the consumer has handled (its inbox rows for them).</summary>
    private Task<List<(Guid MessageId, string Consumer)>> HandledMessagesAsync(string database, string consumer,
        List<(Guid MessageId, string Type)> events, string type) =>
        Databases.QueryAsync(platform, database, "SELECT message_id FROM inbox_messages WHERE consumer = @consumer AND message_id = ANY(@ids)",
            r => (r.GetGuid(0), consumer), ("consumer", consumer), ("ids", events.Where(e => e.Type == type).Select(e => e.MessageId).ToArray()));

    /// <summary>How many of the events of <paramref name="type"/> the consumer has handled (its inbox rows for them).</summary>
    private Task<long> HandledAsync(string database, string consumer, List<(Guid MessageId, string Type)> events, string type) =>
        CountAsync(database, "SELECT count(*) FROM inbox_messages WHERE consumer = @consumer AND message_id = ANY(@ids)",
            ("consumer", consumer), ("ids", events.Where(e => e.Type == type).Select(e => e.MessageId).ToArray()));

    private async Task<long> CountAsync(string database, string sql, params (string Name, object Value)[] parameters) =>
        (await Databases.QueryAsync(platform, database, sql, r => r.GetInt64(0), parameters)).Single();

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > PhaseTimeout)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {PhaseTimeout.TotalSeconds} s waiting for {what}.");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The console output of some of the platform's services, collected from the moment it is watched on.</summary>
    private sealed class ServiceLogs : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly List<Task> _watching = [];

        public static ServiceLogs Watch(PlatformFixture platform, params string[] resources)
        {
            var logs = new ServiceLogs();
            var service = platform.App.Services.GetRequiredService<ResourceLoggerService>();
            var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
            foreach (var resource in resources)
            {
                // By the resource itself, not its name: the log streams are kept under the orchestrator's names for it.
                var watched = model.Resources.Single(r => r.Name == resource);
                logs._watching.Add(Task.Run(async () =>
                {
                    await foreach (var batch in service.WatchAsync(watched).WithCancellation(logs._stop.Token))
                    {
                        foreach (var line in batch)
                        {
                            logs._lines.Enqueue(line.Content);
                        }
                    }
                }));
            }
            return logs;
        }

        public bool Contain(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Task.WhenAll(_watching);
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }
    }

    /// <summary>
    /// Holds a service's inbox table locked against writes (reads go on) in a transaction of its own, as a database slow to
    /// take a write would: a consumer gets as far as writing its inbox row (with its effects staged in the same transaction,
    /// or before them for one that claims its message first), and waits there, inside the message. Disposing rolls back and lets them all go on.
    /// </summary>
    private sealed class InboxHold : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;
        private readonly PlatformFixture _platform;
        private readonly string _database;

        private InboxHold(PlatformFixture platform, string database, NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            _platform = platform;
            _database = database;
            _connection = connection;
            _transaction = transaction;
        }

        public static async Task<InboxHold> TakeAsync(PlatformFixture platform, string database)
        {
            var connection = await Databases.OpenAsync(platform, database);
            var transaction = await connection.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("LOCK TABLE inbox_messages IN EXCLUSIVE MODE", connection, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }
            return new InboxHold(platform, database, connection, transaction);
        }

        /// <summary>Transactions waiting to write to the inbox: consumers in the middle of a message.</summary>
        public async Task<long> WaitingAsync() =>
            (await Databases.QueryAsync(_platform, _database, """
                SELECT count(*) FROM pg_locks
                WHERE relation = 'inbox_messages'::regclass AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND NOT granted
                """, r => r.GetInt64(0))).Single();

        public async ValueTask DisposeAsync()
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
