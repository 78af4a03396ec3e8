using System.Text.Json;
using Nojor.IntegrationTests.Gateway;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>
/// A webhook endpoint proves it wants our alerts before it gets any: a new or changed URL is sent a signed verification
/// request and must echo its challenge. The fixture lets a verification be re-sent after 3 s (a minute by default).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EndpointVerificationTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task A_new_endpoint_gets_no_alerts_until_it_echoes_the_signed_challenge()
    {
        var tag = "v-" + Guid.NewGuid().ToString("N")[..8];
        await using var silent = await WebhookReceiver.StartAsync();
        silent.AnswersVerification = false;
        var unverified = await CreateAsync(platform.Gateway, silent.Url, new { tags = new[] { tag } });

        // The request is signed like every delivery and carries the subscription and a challenge.
        var request = await silent.VerificationAsync(1, Timeout);
        Verify(request, unverified.Secret);
        Assert.Equal(VerificationType, Type(request));
        Assert.Equal(unverified.Id, Data(request).GetProperty("subscriptionId").GetString());
        Assert.StartsWith("chl_", Data(request).GetProperty("challenge").GetString());
        var failed = (await WaitForVerificationAsync(platform.Gateway, unverified.Id, unverified.Token, "failed")).GetProperty("verification");
        Assert.Contains("challenge", failed.GetProperty("failure").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("verifiedAt").ValueKind);

        // A verified endpoint wanting the same alerts is the marker: once it has the alert, the silent one would have too.
        await using var answering = await WebhookReceiver.StartAsync();
        await SubscribeAsync(platform.Gateway, answering.Url, new { tags = new[] { tag } });
        var first = TestData.Unique("Avalanche warning raised for the inland valleys");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(first) with { Tags = [tag] });
        await answering.WaitForAsync(first, Timeout);
        Assert.Empty(silent.All);
        Assert.Empty((await DeliveryLogAsync(platform.Gateway, unverified)).EnumerateArray());

        // Answering a fresh request (a new challenge) turns the alerts on.
        silent.AnswersVerification = true;
        await ResendVerificationAsync(unverified);
        var second = await silent.VerificationAsync(2, Timeout);
        Assert.NotEqual(Data(request).GetProperty("challenge").GetString(), Data(second).GetProperty("challenge").GetString());
        var verified = (await WaitForVerificationAsync(platform.Gateway, unverified.Id, unverified.Token, "verified")).GetProperty("verification");
        Assert.Equal(JsonValueKind.Null, verified.GetProperty("failure").ValueKind);
        var next = TestData.Unique("Avalanche warning lifted for the inland valleys");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(next) with { Tags = [tag] });
        Verify(await silent.WaitForAsync(next, Timeout), unverified.Secret);
        Assert.DoesNotContain(silent.All, w => w.Body.Contains(first, StringComparison.Ordinal));

        // Verified, there is nothing to re-send; a verification request is never replayed either.
        await ProblemAssert.IsProblemAsync(
            await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{unverified.Id}/verify", unverified.Token), HttpStatusCode.Conflict);
        var verificationId = request.Headers["webhook-id"];
        await ProblemAssert.IsProblemAsync(await SendAsync(platform.Gateway, HttpMethod.Post,
            $"/api/subscriptions/{unverified.Id}/deliveries/{verificationId}/replay", unverified.Token), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_changed_url_is_verified_again_before_it_gets_alerts()
    {
        var tag = "v-" + Guid.NewGuid().ToString("N")[..8];
        await using var before = await WebhookReceiver.StartAsync();
        await using var after = await WebhookReceiver.StartAsync();
        await using var control = await WebhookReceiver.StartAsync();
        after.AnswersVerification = false;
        var subscription = await SubscribeAsync(platform.Gateway, before.Url, new { tags = new[] { tag } });
        await SubscribeAsync(platform.Gateway, control.Url, new { tags = new[] { tag } });

        var moved = await SendAsync(platform.Gateway, HttpMethod.Put, $"/api/subscriptions/{subscription.Id}", subscription.Token,
            new { url = after.Url, filters = new { tags = new[] { tag } } });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("pending", (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verification").GetProperty("state").GetString());
        Verify(await after.VerificationAsync(1, Timeout), subscription.Secret);
        await WaitForVerificationAsync(platform.Gateway, subscription.Id, subscription.Token, "failed");

        var unanswered = TestData.Unique("Ferry quay closed after a collision");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(unanswered) with { Tags = [tag] });
        await control.WaitForAsync(unanswered, Timeout);
        // Fan-out writes every recipient's delivery in one commit: had the subscription been one, its row would be there.
        Assert.Empty((await DeliveryLogAsync(platform.Gateway, subscription)).EnumerateArray());
        Assert.Empty(after.All);
        Assert.DoesNotContain(before.All, w => w.Body.Contains(unanswered, StringComparison.Ordinal));

        after.AnswersVerification = true;
        await ResendVerificationAsync(subscription);
        await WaitForVerificationAsync(platform.Gateway, subscription.Id, subscription.Token, "verified");
        var answered = TestData.Unique("Ferry quay reopens after repairs");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(answered) with { Tags = [tag] });
        await after.WaitForAsync(answered, Timeout);
        Assert.Empty(before.All);
    }

    [Fact]
    public async Task Subscriptions_pointing_at_one_host_are_capped()
    {
        // The service's default: 20 per host, whatever the port or path.
        const int Cap = 20;
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = new List<CreatedSubscription>();
        for (var i = 0; i < Cap; i++)
        {
            created.Add(await CreateAsync(platform.Gateway, $"{receiver.Url}?n={i}"));
        }

        var refused = await platform.Gateway.PostAsJsonAsync("/api/subscriptions", new { url = $"{receiver.Url}?n=one-more" });
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains(new Uri(receiver.Url).Host, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        // Moving an existing subscription there counts too.
        await using var elsewhere = await WebhookReceiver.StartAsync();
        var other = await SubscribeAsync(platform.Gateway, elsewhere.Url);
        var move = await SendAsync(platform.Gateway, HttpMethod.Put, $"/api/subscriptions/{other.Id}", other.Token, new { url = receiver.Url });
        await ProblemAssert.IsProblemAsync(move, HttpStatusCode.BadRequest);

        // A place freed is a place to take.
        Assert.Equal(HttpStatusCode.NoContent,
            (await SendAsync(platform.Gateway, HttpMethod.Delete, $"/api/subscriptions/{created[0].Id}", created[0].Token)).StatusCode);
        await CreateAsync(platform.Gateway, $"{receiver.Url}?n=after-one-left");
    }

    /// <summary>Asks for a new verification request, waiting out the re-send interval the service names in Retry-After.</summary>
    private async Task ResendVerificationAsync(CreatedSubscription subscription)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await SendAsync(platform.Gateway, HttpMethod.Post, $"/api/subscriptions/{subscription.Id}/verify", subscription.Token);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return;
            }
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(attempt < 5, "the re-send interval did not pass");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }
}
