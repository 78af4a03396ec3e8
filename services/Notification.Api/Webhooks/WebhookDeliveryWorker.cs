using System.Diagnostics;
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
                ORDER BY "NextAttemptAt"
                LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.Subscriptions.Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var client = httpClients.CreateClient(HttpClientName);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelSends, CancellationToken = cancellationToken },
            async (delivery, token) => await AttemptAsync(client, delivery, subscriptions.GetValueOrDefault(delivery.SubscriptionId), token));

        // Outcomes are recorded even when stopping, so a sent message is not sent again after a restart.
        await db.SaveChangesAsync(CancellationToken.None);
        return due.Count;
    }

    private async Task AttemptAsync(HttpClient client, WebhookDelivery delivery, Subscription? subscription, CancellationToken cancellationToken)
    {
        delivery.LeaseUntil = null;
        if (subscription is not { IsActive: true })
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = subscription is null ? "The subscription was deleted." : "The subscription is disabled.";
            return;
        }

        delivery.Attempts++;
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSigner.IdHeader, delivery.Id);
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(subscription.Secret, delivery.Id, timestamp, delivery.Payload));

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            delivery.LastLatencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            delivery.LastStatusCode = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = clock.GetUtcNow();
                delivery.LastError = null;
                return;
            }
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                // The receiver told us the endpoint is gone for good: stop sending to it.
                subscription.IsActive = false;
                subscription.DisabledReason = "The endpoint answered 410 Gone.";
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = subscription.DisabledReason;
                return;
            }
            ScheduleRetry(delivery, $"HTTP {(int)response.StatusCode}", RetryAfter(response));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            delivery.LastLatencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            delivery.LastStatusCode = null;
            ScheduleRetry(delivery, ex is OperationCanceledException ? "Timed out" : ex.Message, retryAfter: null);
        }
    }

    private void ScheduleRetry(WebhookDelivery delivery, string error, TimeSpan? retryAfter)
    {
        delivery.LastError = error;
        var schedule = options.Value.RetrySchedule;
        if (delivery.Attempts > schedule.Count)
        {
            delivery.Status = DeliveryStatus.Failed;
            return;
        }
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        var delay = schedule[delivery.Attempts - 1] * jitter;
        if (retryAfter > delay)
        {
            delay = retryAfter.Value;
        }
        delivery.NextAttemptAt = clock.GetUtcNow() + delay;
        LogRetryScheduled(logger, delivery.Id, delivery.Attempts, error, delivery.NextAttemptAt);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery pass failed; retrying on the next poll")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} attempt {Attempts} failed ({Error}); next attempt at {NextAttemptAt}")]
    private static partial void LogRetryScheduled(ILogger logger, string deliveryId, int attempts, string error, DateTimeOffset nextAttemptAt);
}
