using System.Collections.Concurrent;
using System.Diagnostics;
using Nojor.IntegrationTests.Notifications;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Faults;

[Collection(FaultCollection.Name)]
public sealed class FanOutKillTests(FaultPlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Subscribers = 2000;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Each alert held this long by the receiver: with <see cref="FaultPlatformFixture.ParallelSendsPerInstance"/> sends at
    /// once per instance, the fan-out lasts several seconds, and the kill lands in the middle of it.
    /// </summary>
    private static readonly TimeSpan ReceiverHold = TimeSpan.FromMilliseconds(200);

    private static readonly string[] Instances = [ResourceNames.NotificationApi, ResourceNames.NotificationApiSecondInstance];

    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task A_notification_instance_killed_mid_fan_out_leaves_the_rest_to_the_other_and_every_subscriber_gets_one_webhook_id()
    {
        var tag = "fanout-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        var watch = Stopwatch.StartNew();
        var ids = await SubscribeAsync(receiver, tag);
        await UntilAsync(async () => await CountAsync("""SELECT count(*) FROM subscriptions WHERE "Id" = ANY(@ids) AND "VerifiedAt" IS NOT NULL""",
            ("ids", ids)) == Subscribers, "every subscriber verified");
        output.WriteLine($"{Subscribers} subscribers verified after {watch.Elapsed.TotalSeconds:F0} s");

        receiver.Hold = ReceiverHold;
        var messageId = Guid.NewGuid();
        var alertId = "alr_" + messageId.ToString("N");
        var headline = TestData.Unique("Avalanche warning raised for the whole county");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] }, messageId);

        // Mid fan-out: the instance that raised the alert (it leases the first batch of deliveries to itself) has sent some.
        await UntilAsync(() => Task.FromResult(Received(receiver, headline).Count >= 100), "the fan-out under way");
        var raisedBy = (await Databases.QueryAsync(platform, ResourceNames.NotificationDatabase, """SELECT "RaisedBy" FROM alerts WHERE "Id" = @id""",
            r => r.GetString(0), ("id", alertId))).Single();
        var victim = Instances.Single(i => raisedBy.EndsWith($":{ServerProcesses.ServiceProcessOf(platform, i)}", StringComparison.Ordinal));
        var survivor = Instances.Single(i => i != victim);
        var survivorName = raisedBy[..raisedBy.LastIndexOf(':')] + $":{ServerProcesses.ServiceProcessOf(platform, survivor)}";
        await ServerProcesses.KillServiceAsync(platform, victim);
        var deliveredAtKill = await DeliveredAsync(alertId);
        output.WriteLine($"{victim} ({raisedBy}) killed with {deliveredAtKill} of {Subscribers} deliveries recorded as delivered");
        try
        {
            Assert.True(deliveredAtKill < Subscribers, "the fan-out was over before the kill: the test proved nothing");

            // The survivor takes over what the killed instance had leased once the lease lapses, and finishes the rest.
            await UntilAsync(async () => await DeliveredAsync(alertId) == Subscribers, "every delivery recorded as delivered");
            output.WriteLine($"fan-out complete {watch.Elapsed.TotalSeconds:F0} s after the test started");
        }
        finally
        {
            await ServerProcesses.StartAsync(platform, victim);
            // Healthy is not yet routed to: the gateway sends requests to the instance again once its own probe has seen
            // it back. Until then a later test's call through the gateway would get its 503.
            await UntilAsync(async () =>
            {
                using var probe = await platform.Gateway.GetAsync($"/api/subscriptions/{Guid.NewGuid()}");
                return probe.StatusCode != HttpStatusCode.ServiceUnavailable;
            }, "the gateway to route to the notification service again");
        }

        // Every delivery is recorded as delivered, so nothing more is sent for this alert: what the receiver has is all.
        var bySubscriber = Received(receiver, headline).GroupBy(w => w.Query).ToList();
        Assert.Equal(Subscribers, bySubscriber.Count);
        Assert.All(bySubscriber, copies => Assert.Single(copies.Select(w => w.Headers["webhook-id"]).Distinct()));
        var repeats = bySubscriber.Sum(copies => copies.Count() - 1);
        // A message whose answer the killed instance had not yet recorded is sent again, under the same webhook-id, which
        // is how a receiver recognises it (Standard Webhooks); only those, never more than it had leased.
        output.WriteLine($"{repeats} subscribers got the message a second time, under the same webhook-id");
        Assert.InRange(repeats, 0, Subscribers - deliveredAtKill);
        var bySurvivor = await CountAsync("""
            SELECT count(*) FROM delivery_attempts a JOIN webhook_deliveries d ON d."Id" = a."DeliveryId"
            WHERE d."AlertId" = @alert AND a."AttemptedBy" = @survivor
            """, ("alert", alertId), ("survivor", survivorName));
        Assert.True(bySurvivor > 0, $"{survivor} sent none of it");
    }

    private async Task<Guid[]> SubscribeAsync(WebhookReceiver receiver, string tag)
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Subscribers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var subscription = await WebhookSubscriptions.CreateAsync(platform.Gateway, $"{receiver.Url}?subscriber={i}", new { tags = new[] { tag } });
            ids.Add(Guid.Parse(subscription.Id));
        });
        return [.. ids];
    }

    private static List<ReceivedWebhook> Received(WebhookReceiver receiver, string headline) =>
        receiver.All.Where(w => w.Body.Contains(headline, StringComparison.Ordinal)).ToList();

    private Task<long> DeliveredAsync(string alertId) =>
        CountAsync("""SELECT count(*) FROM webhook_deliveries WHERE "AlertId" = @alert AND "Status" = 'Delivered'""", ("alert", alertId));

    private async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        (await Databases.QueryAsync(platform, ResourceNames.NotificationDatabase, sql, r => r.GetInt64(0), parameters)).Single();

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > Timeout)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {Timeout.TotalSeconds} s waiting for {what}.");
            }
            await Task.Delay(250);
        }
    }
}
