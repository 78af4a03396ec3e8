using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nojor.Contracts;
using Nojor.IntegrationTests.Gateway;
using Npgsql;

namespace Nojor.IntegrationTests.Notifications.Push;

/// <summary>
/// Browser push on the real platform: a test user agent subscribes through the gateway as a reader's browser would, the
/// alert travels the notification service's durable delivery path, and the user agent decrypts what its push service got.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PushDeliveryTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Subscriptions = "/api/notifications/push/subscriptions";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task A_breaking_alert_reaches_a_subscribed_browser_encrypted_for_its_keys_and_signed_with_the_deployments_vapid_key()
    {
        var tag = Tag();
        await using var browser = await TestPushUserAgent.StartAsync();
        var (id, token) = await SubscribeAsync(browser, new { tags = new[] { tag } });
        var story = new StoryReference(Guid.NewGuid(), "harbour-fire", "Harbour fire");
        var headline = TestData.Unique("Fire crews contain the harbour warehouse blaze");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline, urgency: 1, story: story) with { Tags = [tag] });
        var push = await browser.WaitForHeadlineAsync(headline, Timeout);

        Assert.Equal("article.breaking", push.Message.GetProperty("type").GetString());
        Assert.StartsWith("alr_", push.Message.GetProperty("alertId").GetString());
        Assert.Contains("/articles/", push.Message.GetProperty("url").GetString());
        Assert.Equal("aes128gcm", push.Headers["content-encoding"]);
        // Urgency 1 (flash): the push service should wake the device and keep the message for half a day.
        Assert.Equal("high", push.Headers["urgency"]);
        Assert.Equal("43200", push.Headers["ttl"]);
        Assert.Equal(story.StoryId.ToString("N"), push.Headers["topic"]);
        var publicKey = (await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/notifications/push/key")).GetProperty("publicKey").GetString()!;
        AssertVapid(push.Headers["authorization"], publicKey, new Uri(browser.Endpoint).GetLeftPart(UriPartial.Authority));

        var read = await SendAsync(HttpMethod.Get, $"{Subscriptions}/{id}", token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var subscription = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(browser.Endpoint, subscription.GetProperty("endpoint").GetString());
        Assert.Equal(tag, subscription.GetProperty("filters").GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task A_newer_alert_on_the_same_story_carries_the_same_topic_and_names_the_alert_it_supersedes()
    {
        var tag = Tag();
        await using var browser = await TestPushUserAgent.StartAsync();
        await SubscribeAsync(browser, new { tags = new[] { tag } });
        var story = new StoryReference(Guid.NewGuid(), "valley-storm", "Valley storm");
        var first = TestData.Unique("Storm cuts power across the valley");
        var second = TestData.Unique("Power returns to most valley homes");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(first, urgency: 3, story: story) with { Tags = [tag] });
        var earlier = await browser.WaitForHeadlineAsync(first, Timeout);
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(second, urgency: 3, story: story) with { Tags = [tag] });
        var later = await browser.WaitForHeadlineAsync(second, Timeout);

        Assert.Equal(story.StoryId.ToString("N"), earlier.Headers["topic"]);
        Assert.Equal(earlier.Headers["topic"], later.Headers["topic"]);
        Assert.Equal(earlier.Message.GetProperty("alertId").GetString(), later.Message.GetProperty("supersedes").GetString());
        Assert.Equal("normal", later.Headers["urgency"]);
    }

    [Fact]
    public async Task A_push_service_answering_410_gone_removes_the_subscription()
    {
        var tag = Tag();
        await using var browser = await TestPushUserAgent.StartAsync();
        var (id, token) = await SubscribeAsync(browser, new { tags = new[] { tag } });
        browser.AnswerNextWith(StatusCodes.Status410Gone);
        var headline = TestData.Unique("Ferry service suspended in high winds");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });
        await browser.WaitForHeadlineAsync(headline, Timeout);

        var gone = await Eventually.EventuallyAsync(async () =>
        {
            var response = await SendAsync(HttpMethod.Get, $"{Subscriptions}/{id}", token);
            return response.StatusCode == HttpStatusCode.NotFound ? response : null;
        }, Timeout, "the subscription to be removed after 410");
        await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound);
        Assert.Equal(0, await StoredCountAsync(browser.Endpoint));
    }

    [Fact]
    public async Task A_push_service_answering_429_is_asked_again_no_sooner_than_its_retry_after()
    {
        var tag = Tag();
        await using var browser = await TestPushUserAgent.StartAsync();
        await SubscribeAsync(browser, new { tags = new[] { tag } });
        browser.RetryAfterSeconds = 2;
        browser.AnswerNextWith(StatusCodes.Status429TooManyRequests);
        var headline = TestData.Unique("Mountain pass reopens after the avalanche");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });
        var refused = await browser.WaitForHeadlineAsync(headline, Timeout);
        var accepted = await browser.WaitForAsync(
            m => m.GetProperty("headline").GetString() == headline && browser.All.Count(p => p.Message.GetProperty("headline").GetString() == headline) >= 2,
            Timeout, "retried after 429");

        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.AnsweredWith);
        Assert.Equal(StatusCodes.Status201Created, accepted.AnsweredWith);
        // The platform's own first retry delay is 1 s here; the push service asked for 2.
        Assert.True(accepted.ReceivedAt - refused.ReceivedAt >= TimeSpan.FromSeconds(1.9),
            $"retried after {(accepted.ReceivedAt - refused.ReceivedAt).TotalSeconds:F2} s");
        Assert.Equal(refused.Message.GetProperty("alertId").GetString(), accepted.Message.GetProperty("alertId").GetString());
    }

    [Fact]
    public async Task One_alert_reaches_a_webhook_and_a_browser_with_the_same_filters_as_the_same_alert()
    {
        var tag = Tag();
        await using var browser = await TestPushUserAgent.StartAsync();
        await using var webhook = await WebhookReceiver.StartAsync();
        await SubscribeAsync(browser, new { tags = new[] { tag } });
        await WebhookSubscriptions.SubscribeAsync(platform.Gateway, webhook.Url, new { tags = new[] { tag } });
        var headline = TestData.Unique("Rail line reopens after the rockfall");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });
        var push = await browser.WaitForHeadlineAsync(headline, Timeout);
        var posted = await webhook.WaitForAsync(headline, Timeout);

        Assert.Equal(NotificationClient.Data(posted).GetProperty("alertId").GetString(), push.Message.GetProperty("alertId").GetString());
    }

    [Fact]
    public async Task Quiet_hours_hold_a_push_but_let_a_flash_through()
    {
        var tag = Tag();
        await using var browser = await TestPushUserAgent.StartAsync();
        var now = TimeOnly.FromDateTime(DateTime.UtcNow);
        var (id, _) = await SubscribeAsync(browser, new { tags = new[] { tag } },
            new { timeZone = "UTC", start = now.AddHours(-1).ToString("HH:mm"), end = now.AddHours(1).ToString("HH:mm") });
        var routine = TestData.Unique("Council delays the vote on the bridge");
        var flash = TestData.Unique("Earthquake felt across the region");

        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(routine, urgency: 2) with { Tags = [tag] });
        var held = await Eventually.EventuallyAsync(() => PendingDeliveryDueAsync(id, routine), Timeout, "the routine alert to be queued");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(flash, urgency: 1) with { Tags = [tag] });
        await browser.WaitForHeadlineAsync(flash, Timeout);

        Assert.True(held.GetValueOrDefault() > DateTimeOffset.UtcNow.AddMinutes(30), $"held until the window closes, not {held:u}");
        Assert.DoesNotContain(browser.All, p => p.Message.GetProperty("headline").GetString() == routine);
    }

    [Theory]
    [InlineData("bad-key", "keys.p256dh")]
    [InlineData("short-auth", "keys.auth")]
    [InlineData("plain-http", "endpoint")]
    [InlineData("private-address", "endpoint")]
    [InlineData("unknown-push-service", "endpoint")]
    public async Task A_malformed_push_subscription_is_refused_with_a_problem_naming_the_field_and_nothing_is_stored(string flaw, string field)
    {
        var ua = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256).ExportParameters(false).Q;
        var goodKey = Base64Url.EncodeToString([0x04, .. ua.X!, .. ua.Y!]);
        // 65 bytes that look like an uncompressed point but are not on the curve.
        var offCurve = Base64Url.EncodeToString([0x04, .. Enumerable.Repeat((byte)7, 64)]);
        var goodAuth = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var endpoint = flaw switch
        {
            "plain-http" => "http://push.example.org/send/abc",
            "private-address" => "https://10.20.30.40/push/abc",
            "unknown-push-service" => "https://push.example.org/send/abc",
            // A loopback push service, which this local run accepts: only the keys are wrong.
            _ => $"http://127.0.0.1:9/push/{Guid.NewGuid():N}",
        };
        var body = new
        {
            endpoint,
            keys = new
            {
                p256dh = flaw == "bad-key" ? offCurve : goodKey,
                auth = flaw == "short-auth" ? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(8)) : goodAuth,
            },
        };

        var response = await platform.Gateway.PostAsJsonAsync(Subscriptions, body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
        Assert.Equal(0, await StoredCountAsync(endpoint));
    }

    [Fact]
    public async Task A_push_subscription_cannot_be_managed_through_the_webhook_routes()
    {
        await using var browser = await TestPushUserAgent.StartAsync();
        var (id, token) = await SubscribeAsync(browser, null);

        var asWebhook = await SendAsync(HttpMethod.Post, $"/api/subscriptions/{id}/secret/rotate", token);

        await ProblemAssert.IsProblemAsync(asWebhook, HttpStatusCode.NotFound);
        var deleted = await SendAsync(HttpMethod.Delete, $"{Subscriptions}/{id}", token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await StoredCountAsync(browser.Endpoint));
    }

    /// <summary>When the pending delivery of the alert with <paramref name="headline"/> to the subscription comes due; null until it exists.</summary>
    private async Task<DateTimeOffset?> PendingDeliveryDueAsync(string subscriptionId, string headline)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT d."NextAttemptAt" FROM webhook_deliveries d JOIN alerts a ON a."Id" = d."AlertId"
            WHERE d."SubscriptionId" = @id AND d."Status" = 'Pending' AND a."Payload" LIKE @headline
            """, connection);
        command.Parameters.AddWithValue("id", Guid.Parse(subscriptionId));
        command.Parameters.AddWithValue("headline", "%" + headline + "%");
        return await command.ExecuteScalarAsync() is DateTime due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null;
    }

    private async Task<(string Id, string Token)> SubscribeAsync(TestPushUserAgent browser, object? filters, object? quietHours = null)
    {
        var response = await platform.Gateway.PostAsJsonAsync(Subscriptions, browser.SubscriptionJson(filters, quietHours));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("managementToken").GetString()!);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(WebhookSubscriptions.TokenHeader, token);
        return platform.Gateway.SendAsync(request);
    }

    private async Task<long> StoredCountAsync(string endpoint)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM subscriptions WHERE "Url" = @url""", connection);
        command.Parameters.AddWithValue("url", endpoint);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>RFC 8292: <c>vapid t=JWT, k=key</c>, the JWT signed ES256 with that key, for the push service's origin.</summary>
    private static void AssertVapid(string authorization, string expectedKey, string audience)
    {
        Assert.StartsWith("vapid ", authorization);
        var parts = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(expectedKey, parts["k"]);
        var jwt = parts["t"].Split('.');
        var key = Base64Url.DecodeFromChars(parts["k"]);
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = key[1..33], Y = key[33..65] },
        });
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256),
            "the JWT is signed with the advertised key");
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[0])).RootElement;
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1])).RootElement;
        Assert.Equal(audience, claims.GetProperty("aud").GetString());
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        Assert.Matches("^(mailto:|https:)", claims.GetProperty("sub").GetString());
    }

    private static string Tag() => "push-" + Guid.NewGuid().ToString("N")[..8];
}
