using Npgsql;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>Signing secrets are encrypted at rest, and the one replaced by a rotation is erased once its grace period ends.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SigningSecretTests(PlatformFixture platform)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Secrets_are_stored_encrypted_still_sign_and_the_rotated_one_is_erased_after_its_grace()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(platform.Gateway, receiver.Url);
        var (stored, _) = await StoredSecretsAsync(subscription.Id);
        Assert.DoesNotContain(KeyOf(subscription.Secret), stored);
        Assert.DoesNotContain("whsec_", stored);

        var rotated = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/secret/rotate", subscription.Token);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("secret").GetString()!;
        var (current, previous) = await StoredSecretsAsync(subscription.Id);
        Assert.DoesNotContain(KeyOf(newSecret), current);
        Assert.NotNull(previous);
        Assert.DoesNotContain(KeyOf(subscription.Secret), previous);

        // Both sign during the grace period (a day by default): the new one first, the old one second.
        var duringGrace = await PingAsync(receiver, subscription);
        Verify(duringGrace, newSecret);
        TestData.AssertSignedPerStandardWebhooks(duringGrace, subscription.Secret);
        Assert.Equal(2, duringGrace.Headers["webhook-signature"].Split(' ').Length);

        // The grace period ends: the next retention pass (every 2 s in the tests) erases the old secret.
        await ExecuteAsync("""UPDATE subscriptions SET "PreviousSecretExpiresAt" = now() - interval '1 minute' WHERE "Id" = @id""", subscription.Id);
        await EventuallyAsync(async () => (await StoredSecretsAsync(subscription.Id)).Previous is null, Timeout, "the old secret erased");
        var afterGrace = await PingAsync(receiver, subscription);
        Verify(afterGrace, newSecret);
        Assert.ThrowsAny<Exception>(() => TestData.AssertSignedPerStandardWebhooks(afterGrace, subscription.Secret));
        Assert.Single(afterGrace.Headers["webhook-signature"].Split(' '));
    }

    private async Task<ReceivedWebhook> PingAsync(WebhookReceiver receiver, CreatedSubscription subscription)
    {
        var queued = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/test", subscription.Token);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var deliveryId = (await queued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("deliveryId").GetString()!;
        await EventuallyAsync(() => Task.FromResult(receiver.All.Any(w => w.Headers["webhook-id"] == deliveryId)), Timeout, "the ping");
        return receiver.All.Single(w => w.Headers["webhook-id"] == deliveryId);
    }

    /// <summary>The base64 key of a <c>whsec_</c> secret: what must never be readable in the table.</summary>
    private static string KeyOf(string secret) => secret["whsec_".Length..];

    private async Task<(string Current, string? Previous)> StoredSecretsAsync(string id)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Secret", "PreviousSecret" FROM subscriptions WHERE "Id" = @id""", connection);
        command.Parameters.AddWithValue("id", Guid.Parse(id));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", Guid.Parse(id));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        return connection;
    }
}
