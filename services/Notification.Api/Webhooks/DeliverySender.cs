using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Push;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>What one HTTP exchange with a subscriber's endpoint came to: its status (null when none came), why it failed and how long it took.</summary>
internal readonly record struct SendResult(int? StatusCode, string? Error, TimeSpan? RetryAfter, int LatencyMs)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Sends one delivery: a signed webhook, or a browser push encrypted for the browser (the rest of the path is the
/// webhook's). It only talks to the endpoint and reports what came back; what the answer means for the delivery and its
/// subscription is <see cref="RetryPolicy.Settle"/>'s to decide.
/// </summary>
internal sealed class DeliverySender(PushRequests pushRequests, SigningSecretProtector secrets, IOptions<WebhookOptions> options, TimeProvider clock)
{
    /// <param name="payload">The message: the delivery's own, or the alert's it carries.</param>
    /// <param name="challenge">For a verification request, the challenge the endpoint must echo in its answer.</param>
    // Pooled: one of these runs for every attempt, and the exchange nearly always completes asynchronously.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SendResult> SendAsync(HttpClient client, WebhookDelivery delivery, string payload, Subscription subscription, string? challenge,
        DateTimeOffset now)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Value.Timeout);
        int? statusCode = null;
        string? error;
        TimeSpan? retryAfter = null;
        try
        {
            using var request = subscription.IsPush
                ? pushRequests.Create(payload, subscription)
                : WebhookSigner.Request(delivery.Id, payload, subscription, secrets.SigningSecrets(subscription, now), now);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            statusCode = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {statusCode}";
            retryAfter = RetryAfter(response);
            if (challenge is not null && error is null
                && !EndpointVerification.Echoes(await ReadAnswerAsync(response, timeout.Token), challenge))
            {
                error = "The endpoint answered without echoing the verification challenge.";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            error = ex is OperationCanceledException ? "Timed out" : ex.Message;
        }
        catch (CryptographicException)
        {
            // The key ring no longer opens this secret (keys lost or revoked): nothing can be signed for it. Retried like a
            // failing endpoint, so an operator who restores the keys sees the deliveries go out.
            error = subscription.IsPush
                ? "The push subscription's auth secret could not be decrypted."
                : "The subscription's signing secret could not be decrypted.";
        }
        return new SendResult(statusCode, error, retryAfter, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The start of an answer, enough to find an echoed challenge; the rest is not read.</summary>
    private static async Task<byte[]> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[EndpointVerification.MaxAnswerBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }
        return buffer[..filled];
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        if (header.Delta is { } delta)
        {
            return delta;
        }
        return header.Date is { } date ? date - clock.GetUtcNow() : null;
    }
}
