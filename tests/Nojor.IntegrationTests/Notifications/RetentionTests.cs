using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

[Collection(PlatformCollection.Name)]
public sealed class RetentionTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task History_older_than_the_retention_is_deleted_but_nothing_pending_and_nothing_recent()
    {
        var only = "k-" + Guid.NewGuid().ToString("N")[..8];
        var shared = "k-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sleeper = await WebhookReceiver.StartAsync();
        var prompt = await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { only, shared } });
        // In quiet hours for the next two hours: its deliveries stay pending.
        var now = TimeOnly.FromDateTime(DateTime.UtcNow);
        var held = await SubscribeAsync(platform.Gateway, sleeper.Url, new { tags = new[] { shared } },
            new { timeZone = "Etc/UTC", start = now.AddHours(-1).ToString("HH:mm"), end = now.AddHours(2).ToString("HH:mm") });

        var old = TestData.Unique("Harbour dredging finishes");
        var oldButPending = TestData.Unique("Night train timetable published");
        var recent = TestData.Unique("Harbour reopens to cruise ships");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(old, urgency: 3) with { Tags = [only] });
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(oldButPending, urgency: 3) with { Tags = [shared] });
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(recent, urgency: 3) with { Tags = [only] });
        await EventuallyAsync(() => Task.FromResult(receiver.All.Count == 3), Timeout, "the three alerts delivered");
        var oldAlert = AlertId(receiver, old);
        var pendingAlert = AlertId(receiver, oldButPending);
        var recentAlert = AlertId(receiver, recent);
        // Other tests' subscriptions without filters get these alerts too: every count is about this test's two subscriptions.
        string[] mine = [prompt.Id, held.Id];
        await EventuallyAsync(async () => await CountAsync(MyAttempts, mine, oldAlert, pendingAlert, recentAlert) == 3, Timeout,
            "the three attempts recorded");
        Assert.Equal(1, await CountAsync(MyPending, mine, pendingAlert));
        // An alert from before the window whose deliveries are all gone: a copy of a real one, forty days old.
        var expiredAlert = "alr_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync("""
            INSERT INTO alerts ("Id", "Type", "ArticleId", "SupersedeKey", "Facts", "Payload", "CreatedAt", "RaisedBy")
            SELECT @expired, "Type", "ArticleId", "SupersedeKey", "Facts", "Payload", "CreatedAt" - interval '40 days', "RaisedBy"
            FROM alerts WHERE "Id" = @recent
            """, ("expired", expiredAlert), ("recent", recentAlert));

        // Forty days ago, past the default thirty days' retention.
        await ExecuteAsync("""
            UPDATE alerts SET "CreatedAt" = "CreatedAt" - interval '40 days' WHERE "Id" = ANY(@ids);
            UPDATE webhook_deliveries SET "CreatedAt" = "CreatedAt" - interval '40 days' WHERE "AlertId" = ANY(@ids) AND "SubscriptionId" = ANY(@mine);
            UPDATE delivery_attempts SET "AttemptedAt" = "AttemptedAt" - interval '40 days'
                WHERE "DeliveryId" IN (SELECT "Id" FROM webhook_deliveries WHERE "AlertId" = ANY(@ids) AND "SubscriptionId" = ANY(@mine));
            """, ("ids", new[] { oldAlert, pendingAlert }), ("mine", mine.Select(Guid.Parse).ToArray()));

        await EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM alerts WHERE "Id" = ANY(@ids)""", mine, expiredAlert) == 0, Timeout,
            "the expired alert deleted");
        await EventuallyAsync(async () => await CountAsync(MyAttempts, mine, oldAlert, pendingAlert) == 0, Timeout, "the old attempts deleted");
        await EventuallyAsync(async () => await CountAsync("""
            SELECT count(*) FROM webhook_deliveries WHERE "AlertId" = ANY(@ids) AND "SubscriptionId" = ANY(@mine) AND "Status" <> 'Pending'
            """, mine, oldAlert, pendingAlert) == 0, Timeout, "the old finished deliveries deleted");
        // Still owed to the subscriber in quiet hours: neither the delivery nor its alert goes, however old.
        Assert.Equal(1, await CountAsync(MyPending, mine, pendingAlert));
        Assert.Equal(1, await CountAsync("""SELECT count(*) FROM alerts WHERE "Id" = ANY(@ids)""", mine, pendingAlert));
        // Recent history stays, and the subscribers' delivery logs show what is left.
        Assert.Equal(1, await CountAsync("""SELECT count(*) FROM alerts WHERE "Id" = ANY(@ids)""", mine, recentAlert));
        var log = (await DeliveryLogAsync(platform.Gateway, prompt)).EnumerateArray().Select(d => d.GetProperty("alertId").GetString()).ToList();
        Assert.Equal([recentAlert], log);
        Assert.Single((await DeliveryLogAsync(platform.Gateway, held)).EnumerateArray());
    }

    [Fact]
    public async Task A_replayed_alert_delivery_sends_the_alerts_message_again_until_retention_has_deleted_the_alert()
    {
        var tag = "k-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url, new { tags = new[] { tag } });
        var headline = TestData.Unique("Ferry timetable changes for the winter");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline, urgency: 3) with { Tags = [tag] });
        await EventuallyAsync(() => Task.FromResult(receiver.All.Count == 1), Timeout, "the alert delivered");
        var first = receiver.All.Single();
        var deliveryId = first.Headers["webhook-id"];
        await EventuallyAsync(async () => (await DeliveryLogAsync(platform.Gateway, subscription)).EnumerateArray()
            .Any(d => d.GetProperty("id").GetString() == deliveryId && d.GetProperty("status").GetString() == "Delivered"), Timeout,
            "the delivery recorded");
        // The row names its alert and does not repeat the message.
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM webhook_deliveries WHERE "Id" = ANY(@ids) AND "SubscriptionId" = ANY(@mine) AND "Payload" IS NOT NULL
            """, [subscription.Id], deliveryId));

        var replay = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/deliveries/{deliveryId}/replay",
            subscription.Token);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await EventuallyAsync(() => Task.FromResult(receiver.All.Count == 2), Timeout, "the replay");
        var again = receiver.All.Last();
        Assert.Equal(deliveryId, again.Headers["webhook-id"]);
        Assert.Equal(first.Body, again.Body);
        TestData.AssertSignedPerStandardWebhooks(again, subscription.Secret);
        await EventuallyAsync(async () => (await DeliveryLogAsync(platform.Gateway, subscription)).EnumerateArray()
            .Any(d => d.GetProperty("id").GetString() == deliveryId && d.GetProperty("status").GetString() == "Delivered"
                && d.GetProperty("attempts").GetInt32() == 2), Timeout, "the replay recorded");

        // Retention deletes an alert once none of its deliveries is pending, and the message goes with it.
        await ExecuteAsync("""DELETE FROM alerts WHERE "Id" = @id""", ("id", Data(first).GetProperty("alertId").GetString()!));
        var refused = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/deliveries/{deliveryId}/replay",
            subscription.Token);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("retention", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Pending all the same (a replay accepted just before retention ran): the worker fails it and says why.
        await ExecuteAsync("""
            UPDATE webhook_deliveries SET "Status" = 'Pending', "NextAttemptAt" = now(), "LeaseUntil" = NULL WHERE "Id" = @id
            """, ("id", deliveryId));
        await EventuallyAsync(async () => (await DeliveryLogAsync(platform.Gateway, subscription)).EnumerateArray()
            .Any(d => d.GetProperty("id").GetString() == deliveryId && d.GetProperty("status").GetString() == "Failed"
                && d.GetProperty("lastError").GetString()!.Contains("retention", StringComparison.Ordinal)), Timeout,
            "the delivery failed for want of its alert");
        Assert.Equal(2, receiver.All.Count);
    }

    private const string MyAttempts = """
        SELECT count(*) FROM delivery_attempts a JOIN webhook_deliveries d ON d."Id" = a."DeliveryId"
        WHERE d."AlertId" = ANY(@ids) AND d."SubscriptionId" = ANY(@mine)
        """;

    private const string MyPending = """
        SELECT count(*) FROM webhook_deliveries WHERE "AlertId" = ANY(@ids) AND "SubscriptionId" = ANY(@mine) AND "Status" = 'Pending'
        """;

    private static string AlertId(WebhookReceiver receiver, string headline) =>
        Data(receiver.All.Single(w => w.Body.Contains(headline, StringComparison.Ordinal))).GetProperty("alertId").GetString()!;

    private async Task<long> CountAsync(string sql, string[] mine, params string[] ids)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("mine", mine.Select(Guid.Parse).ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        return connection;
    }
}
