using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nojor.Messaging;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Push;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Telemetry;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// Sends persisted deliveries: leases a batch (see <see cref="DeliveryStore"/>), paces it per subscription, attempts
/// each delivery once and records every outcome in bulk.
/// </summary>
internal sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    DeliverySignal signal,
    SigningSecretProtector secrets,
    PushRequests pushRequests,
    NotificationMetrics metrics,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DeliverHandedOffAsync(stoppingToken), PollAsync(stoppingToken));

    /// <summary>Sends what fan-out leased for this instance as it arrives, without querying it back.</summary>
    private async Task DeliverHandedOffAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in signal.HandedOff.ReadBatchesAsync(options.Value.BatchSize, stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var store = new DeliveryStore(scope.ServiceProvider.GetRequiredService<NotificationDbContext>());
                    var subscriptions = new Dictionary<Guid, Subscription>();
                    foreach (var (_, subscription) in batch)
                    {
                        subscriptions.TryAdd(subscription.Id, subscription);
                    }
                    var released = await SendAsync(store, [.. batch.Select(d => d.Delivery)], subscriptions, clock.GetUtcNow(), stoppingToken);
                    if (released)
                    {
                        // Put off by the rate limit or another instance's pacing: the regular pass takes them from here.
                        signal.Notify();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Their leases lapse and the regular pass, here or on another instance, sends them.
                    LogPassFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Leases what is due (retries, deferrals, deliveries no instance holds) on every wake-up, and otherwise sleeps until
    /// the next pending delivery comes due or the poll interval passes, whichever is sooner: a delivery put off by the
    /// rate limit or a short retry goes out when its time comes, not at the next poll.
    /// </summary>
    private async Task PollAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.PollInterval;
            try
            {
                var pass = await DeliverDueAsync(stoppingToken);
                if (pass.Leased == options.Value.BatchSize)
                {
                    continue;
                }
                if (pass.NextDueAt - clock.GetUtcNow() is { } untilDue && untilDue < wait)
                {
                    wait = untilDue > TimeSpan.Zero ? untilDue : TimeSpan.Zero;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
            }
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Leases due deliveries, attempts each once and records the outcome. Returns how many were leased and, when that
    /// was less than a batch, when the next pending delivery comes due (null if none is pending).
    /// </summary>
    public async Task<(int Leased, DateTimeOffset? NextDueAt)> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var store = new DeliveryStore(scope.ServiceProvider.GetRequiredService<NotificationDbContext>());
        var now = clock.GetUtcNow();
        var due = await store.LeaseDueAsync(now, settings.LeaseUntil(now), settings.BatchSize, cancellationToken);
        var released = false;
        if (due.Count > 0)
        {
            // From here the pass runs to the end even when stopping: the rows are leased, and are released or recorded below.
            var subscriptions = await store.SubscriptionsAsync(due.Select(d => d.SubscriptionId).Distinct(), CancellationToken.None);
            released = await SendAsync(store, due, subscriptions, now, cancellationToken);
        }
        if (due.Count == settings.BatchSize)
        {
            return (due.Count, null);
        }
        // Rows released to other instances' pacing are due again at once; they are not "pending and not yet due". The
        // rest is looked up against the lease's own instant: a row that came due since then was not leased, and asking
        // "due after now" with a later now would miss it and sleep a whole poll interval.
        return (due.Count, released ? clock.GetUtcNow() : await store.NextDueAtAsync(now, cancellationToken));
    }

    /// <summary>
    /// Paces leased deliveries, attempts those granted once each and records every outcome. Returns whether any were
    /// released unattempted for a later pass (over the rate, or paced meanwhile by another instance).
    /// </summary>
    private async Task<bool> SendAsync(DeliveryStore store, List<WebhookDelivery> due, Dictionary<Guid, Subscription> subscriptions,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var health = subscriptions.Values.ToDictionary(s => s.Id, SubscriptionHealth.Of);
        var granted = await PaceAsync(store, due, subscriptions, now);
        var client = httpClients.CreateClient(HttpClientName);
        // Deliveries to one subscription run one after another, so its entity is never touched by two attempts at once.
        var bySubscription = granted.GroupBy(d => d.SubscriptionId).ToList();
        var log = new System.Collections.Concurrent.ConcurrentBag<DeliveryAttempt>();
        var verifications = new System.Collections.Concurrent.ConcurrentBag<VerificationOutcome>();
        var gone = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        // Once the service is stopping no new attempt starts, but one already on the wire runs to its answer (bounded by
        // the timeout) and is recorded: cut off, the receiver may have it while we would send it again after a restart.
        await Parallel.ForEachAsync(bySubscription,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelSends },
            async (group, _) =>
            {
                var subscription = subscriptions.GetValueOrDefault(group.Key);
                var own = new List<DeliveryAttempt>();
                foreach (var delivery in group)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        // Not attempted: released for whichever instance runs next.
                        delivery.LeaseUntil = null;
                        continue;
                    }
                    if (await AttemptAsync(client, delivery, subscription, own, gone) is { } verification)
                    {
                        verifications.Add(verification);
                    }
                }
                foreach (var attempt in own)
                {
                    log.Add(attempt);
                }
            });

        // Outcomes are recorded even when stopping, so a sent message is not sent again after a restart.
        var changed = subscriptions.Values.Where(s => health[s.Id] != SubscriptionHealth.Of(s)).ToList();
        await store.RecordAsync(due, log, changed, verifications, [.. gone.Distinct()], CancellationToken.None);
        if (verifications.Any(v => v.VerifiedAt is not null))
        {
            // What was queued for a changed URL while it awaited verification is due now.
            signal.Notify();
        }
        return granted.Count < due.Count;
    }

    /// <summary>
    /// Takes per-subscription rate-limit permits for the leased deliveries and returns those that may go now. Those over
    /// a subscription's rate are deferred: they stay pending, unattempted, and come due again as permits free up. The
    /// pacing state is written with a compare-and-set, so instances pacing the same subscription never both spend the
    /// same permits. The loser reads the new state and tries again, a few times; what still loses is released for a
    /// later pass.
    /// </summary>
    private async Task<List<WebhookDelivery>> PaceAsync(DeliveryStore store, List<WebhookDelivery> due,
        Dictionary<Guid, Subscription> subscriptions, DateTimeOffset now)
    {
        const int Rounds = 3;
        var granted = new List<WebhookDelivery>(due.Count);
        var contested = new List<(Subscription Subscription, List<WebhookDelivery> Deliveries)>();
        foreach (var group in due.GroupBy(d => d.SubscriptionId))
        {
            if (!subscriptions.TryGetValue(group.Key, out var subscription) || !subscription.ReceivesAlerts)
            {
                // Nothing is sent to these; the attempt marks them failed or leaves them for the resume.
                granted.AddRange(group);
                continue;
            }
            contested.Add((subscription, group.OrderBy(d => d.NextAttemptAt).ToList()));
        }

        for (var round = 1; contested.Count > 0; round++)
        {
            var grants = contested.Select(c => (c.Subscription, c.Deliveries, Grant: Grant(c.Subscription, c.Deliveries.Count, now))).ToList();
            var claimed = await store.ClaimPermitsAsync(
                [.. grants.Select(g => (g.Subscription.Id, g.Subscription.PacedUntil, g.Grant.PacedUntil))], CancellationToken.None);
            contested.Clear();
            foreach (var (subscription, deliveries, grant) in grants)
            {
                if (claimed.Contains(subscription.Id))
                {
                    subscription.PacedUntil = grant.PacedUntil;
                    granted.AddRange(deliveries.Take(grant.Granted));
                    Defer(subscription, [.. deliveries.Skip(grant.Granted)], grant.NextFreeAt);
                }
                else if (round < Rounds)
                {
                    contested.Add((subscription, deliveries));
                }
                else
                {
                    // Paced by other instances every time we tried: released for the next pass.
                    foreach (var delivery in deliveries)
                    {
                        delivery.LeaseUntil = null;
                    }
                }
            }
            if (contested.Count > 0)
            {
                var current = await store.PacedUntilAsync([.. contested.Select(c => c.Subscription.Id)], CancellationToken.None);
                foreach (var (subscription, _) in contested)
                {
                    subscription.PacedUntil = current.GetValueOrDefault(subscription.Id);
                }
            }
        }
        return granted;
    }

    private PacingGrant Grant(Subscription subscription, int wanted, DateTimeOffset now) =>
        DeliveryPacer.Grant(subscription.PacedUntil, now, wanted, options.Value.PerSubscriptionRate, options.Value.PerSubscriptionBurst);

    /// <summary>Spreads what is over the rate at the steady rate from the next free permit, rather than all due again at once.</summary>
    private void Defer(Subscription subscription, List<WebhookDelivery> deferred, DateTimeOffset nextFreeAt)
    {
        if (deferred.Count == 0)
        {
            return;
        }
        var interval = DeliveryPacer.Interval(options.Value.PerSubscriptionRate);
        for (var i = 0; i < deferred.Count; i++)
        {
            deferred[i].NextAttemptAt = nextFreeAt + (interval * i);
            deferred[i].LeaseUntil = null;
            deferred[i].Deferrals++;
        }
        LogDeferred(logger, subscription.Id, deferred.Count, nextFreeAt);
    }

    /// <summary>
    /// Attempts one delivery and records its outcome on it (and the attempt in <paramref name="log"/>). For a verification
    /// request, returns what it showed about the endpoint.
    /// </summary>
    private async Task<VerificationOutcome?> AttemptAsync(HttpClient client, WebhookDelivery delivery, Subscription? subscription,
        List<DeliveryAttempt> log, System.Collections.Concurrent.ConcurrentBag<Guid> gone)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        delivery.LeaseUntil = null;
        var verifying = delivery.EventType == AlertTypes.Verification;
        // A verification request goes out whatever the subscription's delivery state: it is how a paused, disabled or
        // changed endpoint shows it is there. Everything else needs a delivering, verified subscription.
        if (subscription is null || (!subscription.IsActive && !verifying))
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = subscription is null ? "The subscription was deleted." : "The subscription is disabled.";
            metrics.Count(subscription?.IsPush == true ? DeliveryChannels.Push : DeliveryChannels.Webhook, DeliveryOutcome.Failed);
            return null;
        }
        if (!verifying && (subscription.IsPaused || !subscription.IsVerified))
        {
            // Paused, or its URL changed and awaits verification, after the lease was taken: the row stays due, and the
            // lease query skips it until the subscription is resumed or verified.
            return null;
        }

        delivery.Attempts++;
        delivery.FirstAttemptAt ??= now;
        var challenge = verifying ? EndpointVerification.ChallengeOf(delivery) : null;
        var channel = subscription.IsPush ? DeliveryChannels.Push : DeliveryChannels.Webhook;
        using var activity = NotificationTelemetry.StartAttempt(channel, delivery.Id, delivery.AlertId, delivery.Attempts, delivery.AlertTraceParent);

        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(settings.Timeout);
        int? statusCode = null;
        string? error;
        TimeSpan? retryAfter = null;
        try
        {
            // A browser push subscription gets the alert encrypted for the browser; the rest of the path is the webhook's.
            using var request = subscription.IsPush ? pushRequests.Create(delivery, subscription) : SignedWebhook(delivery, subscription, now);
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
        var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        delivery.LastLatencyMs = latency;
        delivery.LastStatusCode = statusCode;
        delivery.LastError = error;
        log.Add(new DeliveryAttempt
        {
            DeliveryId = delivery.Id,
            SubscriptionId = subscription.Id,
            Number = delivery.Attempts,
            AttemptedAt = now,
            StatusCode = statusCode,
            LatencyMs = latency,
            Error = error?.Length > 1000 ? error[..1000] : error,
            AttemptedBy = ServiceInstance.Name,
        });

        if (challenge is not null)
        {
            // One request, not retried: an endpoint that did not ask for our alerts gets nothing more from us. Its
            // subscriber sees why in the subscription and the delivery log, and may ask for another.
            delivery.Status = error is null ? DeliveryStatus.Delivered : DeliveryStatus.Failed;
            delivery.DeliveredAt = error is null ? clock.GetUtcNow() : null;
            Ended(activity, channel, error is null ? DeliveryOutcome.Sent : DeliveryOutcome.Failed, error);
            return new VerificationOutcome(subscription.Id, challenge, error is null ? now : null, error);
        }
        if (error is null)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = clock.GetUtcNow();
            subscription.FailingSince = null;
            Ended(activity, channel, DeliveryOutcome.Sent, null);
            return null;
        }
        if (subscription.IsPush && statusCode is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Gone)
        {
            // The push service says the browser's subscription expired or was withdrawn (RFC 8030 7.3): it never comes
            // back, so the subscription is removed rather than disabled.
            Disable(subscription, $"The push service answered {statusCode}: the browser's subscription has ended.");
            delivery.Status = DeliveryStatus.Failed;
            gone.Add(subscription.Id);
            Ended(activity, channel, DeliveryOutcome.Failed, error);
            return null;
        }
        if (statusCode == (int)HttpStatusCode.Gone)
        {
            // The receiver told us the endpoint is gone for good: stop sending to it.
            Disable(subscription, "The endpoint answered 410 Gone.");
            delivery.Status = DeliveryStatus.Failed;
            Ended(activity, channel, DeliveryOutcome.Failed, error);
            return null;
        }
        subscription.FailingSince ??= now;
        if (now - subscription.FailingSince >= settings.DisableAfterFailingFor)
        {
            Disable(subscription, $"Every attempt failed since {subscription.FailingSince:u}.");
        }
        if (now - delivery.FirstAttemptAt >= settings.RetryFor || !subscription.IsActive)
        {
            delivery.Status = DeliveryStatus.Failed;
            Ended(activity, channel, DeliveryOutcome.Failed, error);
            return null;
        }
        delivery.NextAttemptAt = now + RetryPolicy.Delay(settings, delivery.Attempts, retryAfter, Random.Shared.NextDouble());
        LogRetryScheduled(logger, delivery.Id, delivery.Attempts, error, delivery.NextAttemptAt);
        Ended(activity, channel, DeliveryOutcome.Retried, error);
        return null;
    }

    /// <summary>Counts the attempt's outcome and records it on its span.</summary>
    private void Ended(Activity? activity, string channel, DeliveryOutcome outcome, string? error)
    {
        metrics.Count(channel, outcome);
        NotificationTelemetry.Outcome(activity, outcome, error);
    }

    /// <summary>A Standard Webhooks message: the stored payload, signed with every current secret of the subscription.</summary>
    private HttpRequestMessage SignedWebhook(WebhookDelivery delivery, Subscription subscription, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSigner.IdHeader, delivery.Id);
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader, string.Join(' ',
            secrets.SigningSecrets(subscription, now).Select(secret => WebhookSigner.Sign(secret, delivery.Id, timestamp, delivery.Payload))));
        return request;
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

    private void Disable(Subscription subscription, string reason)
    {
        subscription.IsActive = false;
        subscription.DisabledReason = reason;
        LogDisabled(logger, subscription.Id, reason);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, Guid subscriptionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} over its rate limit: {Count} deliveries deferred from {NextFreeAt}")]
    private static partial void LogDeferred(ILogger logger, Guid subscriptionId, int count, DateTimeOffset nextFreeAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery pass failed; retrying on the next poll")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} attempt {Attempts} failed ({Error}); next attempt at {NextAttemptAt}")]
    private static partial void LogRetryScheduled(ILogger logger, string deliveryId, int attempts, string error, DateTimeOffset nextAttemptAt);
}

/// <summary>What a verification request showed: the endpoint echoed <paramref name="Challenge"/> (verified at), or why not.</summary>
internal sealed record VerificationOutcome(Guid SubscriptionId, string Challenge, DateTimeOffset? VerifiedAt, string? Failure);
