using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Nojor.IntegrationTests.Notifications;

public sealed record CreatedSubscription(string Id, string Secret, string Token);

/// <summary>Subscriber-side calls through the gateway.</summary>
internal static class NotificationClient
{
    public const string TokenHeader = "X-Subscription-Token";

    public const string VerificationType = WebhookReceiver.VerificationType;

    /// <summary>
    /// Subscribes and waits until the endpoint has answered its verification request (the receiver does by default):
    /// alerts raised before that are not sent to it.
    /// </summary>
    public static async Task<CreatedSubscription> SubscribeAsync(HttpClient gateway, string url, object? filters = null, object? quietHours = null)
    {
        var subscription = await CreateAsync(gateway, url, filters, quietHours);
        await WaitForVerificationAsync(gateway, subscription.Id, subscription.Token, "verified");
        return subscription;
    }

    /// <summary>Subscribes without waiting for the endpoint's verification.</summary>
    public static async Task<CreatedSubscription> CreateAsync(HttpClient gateway, string url, object? filters = null, object? quietHours = null)
    {
        var response = await gateway.PostAsJsonAsync("/api/subscriptions", new { url, filters, quietHours });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var created = new CreatedSubscription(body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!,
            body.GetProperty("managementToken").GetString()!);
        WebhookReceiver.Subscribed(url, gateway, created.Id, created.Token);
        return created;
    }

    /// <summary>
    /// Reads the subscription until its verification reaches <paramref name="state"/> and returns it. Backs off as it goes,
    /// keeping well under the per-subscription limit on management calls.
    /// </summary>
    public static async Task<JsonElement> WaitForVerificationAsync(HttpClient gateway, string id, string token, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var response = await SendAsync(gateway, HttpMethod.Get, $"/api/subscriptions/{id}", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var subscription = await response.Content.ReadFromJsonAsync<JsonElement>();
            var verification = subscription.GetProperty("verification");
            if (verification.GetProperty("state").GetString() == state)
            {
                return subscription;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Subscription {id} is still {verification} after 60 s, not {state}.");
            }
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
        }
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(TokenHeader, token);
        return gateway.SendAsync(request);
    }

    /// <summary>The delivery log, without the verification request every subscription starts with (see <see cref="FullDeliveryLogAsync"/>).</summary>
    public static async Task<JsonElement> DeliveryLogAsync(HttpClient gateway, CreatedSubscription subscription) =>
        JsonSerializer.SerializeToElement((await FullDeliveryLogAsync(gateway, subscription)).EnumerateArray()
            .Where(d => d.GetProperty("type").GetString() != VerificationType).ToList());

    public static async Task<JsonElement> FullDeliveryLogAsync(HttpClient gateway, CreatedSubscription subscription)
    {
        var response = await SendAsync(gateway, HttpMethod.Get, $"/api/subscriptions/{subscription.Id}/deliveries", subscription.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
    }

    /// <summary>Verifies with the StandardWebhooks package, an implementation independent of ours.</summary>
    public static void Verify(ReceivedWebhook webhook, string secret)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in webhook.Headers)
        {
            headers[name] = value;
        }
        new StandardWebhook(secret).Verify(webhook.Body, headers);
    }

    public static JsonElement Data(ReceivedWebhook webhook) => JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data");

    public static string Type(ReceivedWebhook webhook) => JsonDocument.Parse(webhook.Body).RootElement.GetProperty("type").GetString()!;

    /// <summary>Polls (bounded) until <paramref name="condition"/> holds; the machine may be slow.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds} s waiting for: {what}");
            }
            await Task.Delay(500);
        }
    }
}
