using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// Sends persisted deliveries. Rows are leased with <c>FOR UPDATE SKIP LOCKED</c>, so several
/// instances share the work without sending a row twice, and a lease that outlives a crashed
/// worker simply expires and the row is picked up again with the same <c>webhook-id</c>.
/// </summary>
internal sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    DeliverySignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var fullBatch = false;
            try
            {
                fullBatch = await DeliverDueAsync(stoppingToken) == options.Value.BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
            }
            if (!fullBatch)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Leases due deliveries, attempts each once and records the outcome; returns how many were leased.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = clock.GetUtcNow();
        var leaseUntil = now + (settings.Timeout * 2) + TimeSpan.FromSeconds(30);
        var due = await db.Deliveries.FromSql($"""
            UPDATE webhook_deliveries SET "LeaseUntil" = {leaseUntil}
            WHERE "Id" IN (
                SELECT "Id" FROM webhook_deliveries
                WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                  AND "SubscriptionId" NOT IN (SELECT "Id" FROM subscriptions WHERE "IsPaused")
                ORDER BY "NextAttemptAt"
                LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // From here the pass runs to the end even when stopping: the rows are leased, and are released or recorded below.
        var (subscriptions, granted) = await PaceAsync(db, due, now);
        var client = httpClients.CreateClient(HttpClientName);
        // Deliveries to one subscription run one after another, so its entity is never touched by two attempts at once.
        var bySubscription = granted.GroupBy(d => d.SubscriptionId).ToList();
        var log = new System.Collections.Concurrent.ConcurrentBag<DeliveryAttempt>();
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
                    await AttemptAsync(client, delivery, subscription, own);
                }
                foreach (var attempt in own)
                {
                    log.Add(attempt);
                }
            });
        db.DeliveryAttempts.AddRange(log);

        // Outcomes are recorded even when stopping, so a sent message is not sent again after a restart.
        await db.SaveChangesAsync(CancellationToken.None);
        return due.Count;
    }

    /// <summary>
    /// Takes per-subscription rate-limit permits for the leased deliveries. Those over a subscription's rate are deferred:
    /// they stay pending, unattempted, and come due again as permits free up. The pacing state is read and written under a
    /// row lock, so instances pacing the same subscription take turns and together stay within the rate.
    /// </summary>
    private async Task<(Dictionary<Guid, Subscription> Subscriptions, List<WebhookDelivery> Granted)> PaceAsync(NotificationDbContext db,
        List<WebhookDelivery> due, DateTimeOffset now)
    {
        var settings = options.Value;
        var ids = due.Select(d => d.SubscriptionId).Distinct().ToArray();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        // Locked in one order, so instances pacing the same subscriptions queue behind each other instead of deadlocking.
        var subscriptions = await db.Subscriptions
            .FromSql($"""SELECT * FROM subscriptions WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR UPDATE""")
            .ToDictionaryAsync(s => s.Id, CancellationToken.None);
        var granted = new List<WebhookDelivery>(due.Count);
        var interval = DeliveryPacer.Interval(settings.PerSubscriptionRate);
        foreach (var group in due.GroupBy(d => d.SubscriptionId))
        {
            if (!subscriptions.TryGetValue(group.Key, out var subscription) || !subscription.ReceivesAlerts)
            {
                // Nothing is sent to these; the attempt marks them failed or leaves them for the resume.
                granted.AddRange(group);
                continue;
            }
            var ordered = group.OrderBy(d => d.NextAttemptAt).ToList();
            var grant = DeliveryPacer.Grant(subscription.PacedUntil, now, ordered.Count, settings.PerSubscriptionRate, settings.PerSubscriptionBurst);
            subscription.PacedUntil = grant.PacedUntil;
            granted.AddRange(ordered.Take(grant.Granted));
            var deferred = ordered.Skip(grant.Granted).ToList();
            for (var i = 0; i < deferred.Count; i++)
            {
                // Spread at the steady rate from the next free permit, rather than all due again at the same instant.
                deferred[i].NextAttemptAt = grant.NextFreeAt + (interval * i);
                deferred[i].LeaseUntil = null;
                deferred[i].Deferrals++;
            }
            if (deferred.Count > 0)
            {
                LogDeferred(logger, subscription.Id, deferred.Count, grant.NextFreeAt);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return (subscriptions, granted);
    }

    private async Task AttemptAsync(HttpClient client, WebhookDelivery delivery, Subscription? subscription, List<DeliveryAttempt> log)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        delivery.LeaseUntil = null;
        if (subscription is null || !subscription.IsActive)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = subscription is null ? "The subscription was deleted." : "The subscription is disabled.";
            return;
        }
        if (subscription.IsPaused)
        {
            // Paused after the lease was taken: the row stays due, and the lease query skips it until resumed.
            return;
        }

        delivery.Attempts++;
        delivery.FirstAttemptAt ??= now;
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSigner.IdHeader, delivery.Id);
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader,
            string.Join(' ', subscription.SigningSecrets(now).Select(secret => WebhookSigner.Sign(secret, delivery.Id, timestamp, delivery.Payload))));

        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(settings.Timeout);
        int? statusCode = null;
        string? error;
        TimeSpan? retryAfter = null;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            statusCode = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {statusCode}";
            retryAfter = RetryAfter(response);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            error = ex is OperationCanceledException ? "Timed out" : ex.Message;
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

        if (error is null)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = clock.GetUtcNow();
            subscription.FailingSince = null;
            return;
        }
        if (statusCode == (int)HttpStatusCode.Gone)
        {
            // The receiver told us the endpoint is gone for good: stop sending to it.
            Disable(subscription, "The endpoint answered 410 Gone.");
            delivery.Status = DeliveryStatus.Failed;
            return;
        }
        subscription.FailingSince ??= now;
        if (now - subscription.FailingSince >= settings.DisableAfterFailingFor)
        {
            Disable(subscription, $"Every attempt failed since {subscription.FailingSince:u}.");
        }
        if (now - delivery.FirstAttemptAt >= settings.RetryFor || !subscription.IsActive)
        {
            delivery.Status = DeliveryStatus.Failed;
            return;
        }
        delivery.NextAttemptAt = now + RetryPolicy.Delay(settings, delivery.Attempts, retryAfter, Random.Shared.NextDouble());
        LogRetryScheduled(logger, delivery.Id, delivery.Attempts, error, delivery.NextAttemptAt);
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
