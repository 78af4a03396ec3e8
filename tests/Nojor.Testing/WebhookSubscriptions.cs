using System.Text.Json;

namespace Nojor.Testing;

public sealed record CreatedSubscription(string Id, string Secret, string Token);

/// <summary>A subscriber's calls through the gateway: subscribing an endpoint and managing the subscription with its token.</summary>
public static class WebhookSubscriptions
{
    public const string TokenHeader = "X-Subscription-Token";

    /// <summary>
    /// Subscribes and waits until the endpoint has answered its verification request (a <see cref="WebhookReceiver"/> does by
    /// default): alerts raised before that are not sent to it.
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

    /// <summary>A request on a subscription, with its management token.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(TokenHeader, token);
        return gateway.SendAsync(request);
    }
}
