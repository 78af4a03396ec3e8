using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Nojor.IntegrationTests.Notifications;

public sealed record CreatedSubscription(string Id, string Secret, string Token);

/// <summary>Subscriber-side calls through the gateway.</summary>
internal static class NotificationClient
{
    public const string TokenHeader = "X-Subscription-Token";

    public static async Task<CreatedSubscription> SubscribeAsync(HttpClient gateway, string url, object? filters = null, object? quietHours = null)
    {
        var response = await gateway.PostAsJsonAsync("/api/subscriptions", new { url, filters, quietHours });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new(body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!, body.GetProperty("managementToken").GetString()!);
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(TokenHeader, token);
        return gateway.SendAsync(request);
    }

    public static async Task<JsonElement> DeliveryLogAsync(HttpClient gateway, CreatedSubscription subscription)
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
