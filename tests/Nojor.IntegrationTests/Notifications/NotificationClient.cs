using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>Subscriber-side reads of what the platform sent (subscribing is <see cref="WebhookSubscriptions"/>).</summary>
internal static class NotificationClient
{
    public const string VerificationType = WebhookReceiver.VerificationType;

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
}
