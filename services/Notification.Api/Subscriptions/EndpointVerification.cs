using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Subscriptions;

/// <summary>The data of a <c>webhook.verification</c>: the endpoint proves it wants our alerts by echoing <paramref name="Challenge"/>.</summary>
public sealed record VerificationData(Guid SubscriptionId, string Challenge);

/// <summary>
/// Endpoint verification, as WebSub and the large webhook providers do it: a new or changed URL is sent a signed
/// <c>webhook.verification</c> message carrying a random challenge, and receives no alerts until it answers with the
/// challenge in its response body. A server that never asked for our alerts does not echo it, so a subscription cannot
/// turn alerts into traffic against someone else's endpoint; at most it sends that one request.
/// </summary>
public static class EndpointVerification
{
    /// <summary>The most of an answer read when looking for the echoed challenge.</summary>
    public const int MaxAnswerBytes = 4096;

    /// <summary>
    /// Starts (or restarts) verification of the subscription's current URL: a new challenge, the verified mark cleared,
    /// and the signed request queued as a delivery, sent by the delivery worker like every webhook (guarded, logged).
    /// </summary>
    public static WebhookDelivery Begin(Subscription subscription, DateTimeOffset now)
    {
        var challenge = "chl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        subscription.VerifiedAt = null;
        subscription.VerificationChallenge = challenge;
        subscription.VerificationRequestedAt = now;
        subscription.VerificationFailure = null;
        return new WebhookDelivery
        {
            Id = WebhookDelivery.NewId(now),
            SubscriptionId = subscription.Id,
            EventType = AlertTypes.Verification,
            Payload = new WebhookPayload<VerificationData>(AlertTypes.Verification, now, new VerificationData(subscription.Id, challenge)).ToJson(),
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>The challenge a verification delivery carries (read back from the exact payload that was signed).</summary>
    public static string ChallengeOf(string verificationPayload)
    {
        using var payload = JsonDocument.Parse(verificationPayload);
        return payload.RootElement.GetProperty("data").GetProperty("challenge").GetString()!;
    }

    /// <summary>
    /// Whether an answer echoes the challenge: the body is the challenge itself (WebSub), or a JSON object whose
    /// <c>challenge</c> property is (the form Slack and others use).
    /// </summary>
    public static bool Echoes(ReadOnlySpan<byte> answer, string challenge)
    {
        var text = Encoding.UTF8.GetString(answer).Trim();
        if (text == challenge)
        {
            return true;
        }
        if (!text.StartsWith('{'))
        {
            return false;
        }
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("challenge", out var echoed)
                && echoed.ValueKind == JsonValueKind.String && echoed.GetString() == challenge;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
