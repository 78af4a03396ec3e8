using System.Net;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Telemetry;

namespace Nojor.Notifications.Webhooks;

/// <summary>What an attempt settled: how it counts, whether it disabled or ended the subscription, and what a verification showed.</summary>
internal readonly record struct Settlement(DeliveryOutcome Outcome, string? DisabledBecause = null, bool SubscriptionEnded = false,
    VerificationOutcome? Verification = null);

/// <summary>
/// What an attempt's answer means: delivered, retried later (exponential backoff with jitter, stretched to the receiver's
/// Retry-After when it asks for more), or given up; and when a subscription that keeps failing, or whose endpoint says
/// it is gone, stops receiving.
/// </summary>
public static class RetryPolicy
{
    /// <summary>Delay before the retry following attempt number <paramref name="attempts"/> (1 = after the first attempt).</summary>
    public static TimeSpan Delay(WebhookOptions options, int attempts, TimeSpan? retryAfter, double random) =>
        Delay(options.FirstRetryDelay, options.MaxRetryDelay, attempts, retryAfter, random);

    /// <summary>The same schedule for another channel's own first and longest delays (e-mail).</summary>
    public static TimeSpan Delay(TimeSpan firstRetryDelay, TimeSpan maxRetryDelay, int attempts, TimeSpan? retryAfter, double random)
    {
        var exponent = Math.Min(attempts - 1, 30);
        var backoff = TimeSpan.FromTicks((long)Math.Min(firstRetryDelay.Ticks * Math.Pow(2, exponent), maxRetryDelay.Ticks));
        // Up to ±20 %: receivers that failed together do not get their retries all at the same instant.
        var delay = backoff * (0.8 + (random * 0.4));
        return retryAfter > delay ? retryAfter.Value : delay;
    }

    /// <summary>
    /// Writes the outcome of an attempt made at <paramref name="attemptedAt"/> and answered at <paramref name="answeredAt"/>
    /// onto the delivery (status, delivered at, next attempt) and the subscription's health (failing since, disabled).
    /// </summary>
    /// <param name="challenge">For a verification request, the challenge it carried: one request, never retried.</param>
    /// <param name="random">In [0, 1): where in the jitter band a retry falls.</param>
    internal static Settlement Settle(WebhookDelivery delivery, Subscription subscription, SendResult result, string? challenge,
        DateTimeOffset attemptedAt, DateTimeOffset answeredAt, WebhookOptions settings, double random)
    {
        if (challenge is not null)
        {
            // One request, not retried: an endpoint that did not ask for our alerts gets nothing more from us. Its
            // subscriber sees why in the subscription and the delivery log, and may ask for another.
            delivery.Status = result.Succeeded ? DeliveryStatus.Delivered : DeliveryStatus.Failed;
            delivery.DeliveredAt = result.Succeeded ? answeredAt : null;
            return new Settlement(result.Succeeded ? DeliveryOutcome.Sent : DeliveryOutcome.Failed,
                Verification: new VerificationOutcome(subscription.Id, challenge, result.Succeeded ? attemptedAt : null, result.Error));
        }
        if (result.Succeeded)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = answeredAt;
            subscription.FailingSince = null;
            return new Settlement(DeliveryOutcome.Sent);
        }
        if (subscription.IsPush && result.StatusCode is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Gone)
        {
            // The push service says the browser's subscription expired or was withdrawn (RFC 8030 7.3): it never comes
            // back, so the subscription is removed rather than disabled.
            delivery.Status = DeliveryStatus.Failed;
            return new Settlement(DeliveryOutcome.Failed,
                Disable(subscription, $"The push service answered {result.StatusCode}: the browser's subscription has ended."), SubscriptionEnded: true);
        }
        if (result.StatusCode == (int)HttpStatusCode.Gone)
        {
            // The receiver told us the endpoint is gone for good: stop sending to it.
            delivery.Status = DeliveryStatus.Failed;
            return new Settlement(DeliveryOutcome.Failed, Disable(subscription, "The endpoint answered 410 Gone."));
        }
        subscription.FailingSince ??= attemptedAt;
        var disabled = attemptedAt - subscription.FailingSince >= settings.DisableAfterFailingFor
            ? Disable(subscription, $"Every attempt failed since {subscription.FailingSince:u}.")
            : null;
        if (attemptedAt - delivery.FirstAttemptAt >= settings.RetryFor || !subscription.IsActive)
        {
            delivery.Status = DeliveryStatus.Failed;
            return new Settlement(DeliveryOutcome.Failed, disabled);
        }
        // The backoff counts from the attempt; a Retry-After counts from the answer that carried it (RFC 9110 10.2.3), so
        // a slow answer does not bring the retry forward of what the receiver asked for.
        var backoff = attemptedAt + Delay(settings, delivery.Attempts, retryAfter: null, random);
        delivery.NextAttemptAt = result.RetryAfter is { } retryAfter && answeredAt + retryAfter > backoff ? answeredAt + retryAfter : backoff;
        return new Settlement(DeliveryOutcome.Retried, disabled);
    }

    private static string Disable(Subscription subscription, string reason)
    {
        subscription.IsActive = false;
        subscription.DisabledReason = reason;
        return reason;
    }
}
