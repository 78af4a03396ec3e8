using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>,
/// keyed with the base64-decoded part of the <c>whsec_</c> secret.
/// </summary>
public static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var encodedKey = secret.StartsWith(SubscriptionTokens.SecretPrefix, StringComparison.Ordinal)
            ? secret[SubscriptionTokens.SecretPrefix.Length..]
            : secret;
        var key = Convert.FromBase64String(encodedKey);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>
    /// A Standard Webhooks message: the stored payload, with the delivery's id, the timestamp and one signature per secret
    /// (more than one while a rotated secret is still honoured), so the receiver can check it with whichever secret it holds.
    /// </summary>
    public static HttpRequestMessage Request(string deliveryId, string payload, Subscription subscription, IEnumerable<string> secrets,
        DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(IdHeader, deliveryId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, string.Join(' ', secrets.Select(secret => Sign(secret, deliveryId, timestamp, payload))));
        return request;
    }
}
