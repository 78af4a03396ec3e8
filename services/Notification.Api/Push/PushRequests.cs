using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Push;

/// <summary>
/// Turns an alert for a push subscription into the request its push service expects (RFC 8030): the alert encrypted
/// for the browser (RFC 8291), <c>TTL</c>, <c>Urgency</c> and <c>Topic</c> from the report, and our VAPID identity
/// (RFC 8292). The delivery worker sends it like a webhook, with the same lease, retries and records.
/// </summary>
public sealed class PushRequests(VapidKeys vapid, SigningSecretProtector secrets)
{
    /// <summary>Builds the request. Throws <see cref="System.Security.Cryptography.CryptographicException"/> when the stored auth secret cannot be opened.</summary>
    /// <param name="alertPayload">The alert's webhook envelope, as stored on the alert.</param>
    public HttpRequestMessage Create(string alertPayload, Subscription subscription)
    {
        var message = PushMessage.From(alertPayload);
        // The browser's auth secret is stored encrypted like a webhook's signing secret, in the same column.
        var authSecret = Base64Url.DecodeFromChars(secrets.Unprotect(subscription.Secret));
        var body = WebPushEncryption.Encrypt(message.ToUtf8Json(), Base64Url.DecodeFromChars(subscription.PushKey), authSecret);
        var endpoint = new Uri(subscription.Url);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.Add("TTL", ((int)message.TimeToLive.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", message.PushUrgency);
        request.Headers.Add("Topic", message.Topic);
        // "vapid t=…, k=…" is not a form HttpHeaders parses as a credential; sent as it is.
        request.Headers.TryAddWithoutValidation("Authorization", vapid.AuthorizationFor(endpoint));
        return request;
    }
}
