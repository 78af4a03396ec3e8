using Npgsql;
using static Nojor.IntegrationTests.Notifications.NotificationClient;

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
        await EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM delivery_attempts a JOIN webhook_deliveries d ON d."Id" = a."DeliveryId" WHERE d."AlertId" = ANY(@ids)""",
            oldAlert, pendingAlert, recentAlert) == 3, Timeout, "the three attempts recorded");
        Assert.Equal(1, await CountAsync("""SELECT count(*) FROM webhook_deliveries WHERE "AlertId" = ANY(@ids) AND "Status" = 'Pending'""", pendingAlert));

        // Forty days ago, past the default thirty days' retention.
        await ExecuteAsync("""
            UPDATE alerts SET "CreatedAt" = "CreatedAt" - interval '40 days' WHERE "Id" = ANY(@ids);
            UPDATE webhook_deliveries SET "CreatedAt" = "CreatedAt" - interval '40 days' WHERE "AlertId" = ANY(@ids);
            UPDATE delivery_attempts SET "AttemptedAt" = "AttemptedAt" - interval '40 days'
                WHERE "DeliveryId" IN (SELECT "Id" FROM webhook_deliveries WHERE "AlertId" = ANY(@ids));
            """, oldAlert, pendingAlert);

        await EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM alerts WHERE "Id" = ANY(@ids)""", oldAlert) == 0, Timeout,
            "the old alert deleted");
        await EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM webhook_deliveries WHERE "AlertId" = ANY(@ids) AND "Status" <> 'Pending'""",
            oldAlert, pendingAlert) == 0, Timeout, "the old finished deliveries deleted");
        Assert.Equal(0, await CountAsync("""SELECT count(*) FROM delivery_attempts a JOIN webhook_deliveries d ON d."Id" = a."DeliveryId" WHERE d."AlertId" = ANY(@ids)""",
            oldAlert, pendingAlert));
        // Still owed to the subscriber in quiet hours: neither the delivery nor its alert goes, however old.
        Assert.Equal(1, await CountAsync("""SELECT count(*) FROM webhook_deliveries WHERE "AlertId" = ANY(@ids) AND "Status" = 'Pending'""", pendingAlert));
        Assert.Equal(1, await CountAsync("""SELECT count(*) FROM alerts WHERE "Id" = ANY(@ids)""", pendingAlert));
        // Recent history stays, and the subscribers' delivery logs show what is left.
        Assert.Equal(1, await CountAsync("""SELECT count(*) FROM alerts WHERE "Id" = ANY(@ids)""", recentAlert));
        var log = (await DeliveryLogAsync(platform.Gateway, prompt)).EnumerateArray().Select(d => d.GetProperty("alertId").GetString()).ToList();
        Assert.Equal([recentAlert], log);
        Assert.Single((await DeliveryLogAsync(platform.Gateway, held)).EnumerateArray());
    }

    private static string AlertId(WebhookReceiver receiver, string headline) =>
        Data(receiver.All.Single(w => w.Body.Contains(headline, StringComparison.Ordinal))).GetProperty("alertId").GetString()!;

    private async Task<long> CountAsync(string sql, params string[] ids)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, params string[] ids)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        return connection;
    }
}
