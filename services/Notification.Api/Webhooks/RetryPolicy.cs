namespace Nojor.Notifications.Webhooks;

/// <summary>Exponential backoff with jitter, stretched to the receiver's Retry-After when it asks for more.</summary>
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
}
