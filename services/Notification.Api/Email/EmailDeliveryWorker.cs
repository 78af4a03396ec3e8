using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using Nojor.Messaging;
using Nojor.Notifications.Data;
using Nojor.Notifications.Telemetry;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Email;

/// <summary>
/// Sends persisted e-mails: leases a batch (see <see cref="EmailDeliveryStore"/>), sends each once over the pooled SMTP
/// connections and records every outcome in bulk. A temporary refusal (4xx) or a lost connection is retried with the
/// webhooks' backoff for <c>Email:RetryFor</c>; a permanent refusal of the address (5xx to the recipient or the message)
/// disables it, with the server's reply kept for its owner. Rows stay in the database until recorded, so a restart loses
/// nothing: an unrecorded lease lapses and the message goes out again with the same Message-ID.
/// </summary>
internal sealed partial class EmailDeliveryWorker(
    IServiceScopeFactory scopes,
    EmailSignal signal,
    SmtpConnectionPool pool,
    EmailComposer composer,
    NotificationMetrics metrics,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<EmailDeliveryWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LeaseLoop.RunAsync(SendDueAsync, signal, () => options.Value.PollInterval, clock, ex => LogPassFailed(logger, ex), stoppingToken);

    /// <summary>
    /// Leases due messages, sends each once and records the outcome; when that was less than a batch, says when the next
    /// pending message comes due.
    /// </summary>
    public async Task<LeasePass> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var store = new EmailDeliveryStore(scope.ServiceProvider.GetRequiredService<NotificationDbContext>());
        var now = clock.GetUtcNow();
        var due = await store.LeaseDueAsync(now, settings.LeaseUntil(now), settings.BatchSize, cancellationToken);
        if (due.Count > 0)
        {
            // From here the pass runs to the end even when stopping: the rows are leased, and are released or recorded below.
            var subscriptions = await store.SubscriptionsAsync(due.Select(d => d.SubscriptionId).Distinct(), CancellationToken.None);
            var refused = new ConcurrentDictionary<Guid, string>();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConnections },
                async (delivery, _) => await AttemptAsync(delivery, subscriptions.GetValueOrDefault(delivery.SubscriptionId), refused, cancellationToken));
            await store.RecordAsync(due, refused, CancellationToken.None);
        }
        return due.Count == settings.BatchSize ? new LeasePass(Full: true) : new LeasePass(Full: false, await store.NextDueAtAsync(now, cancellationToken));
    }

    private async Task AttemptAsync(EmailDelivery delivery, EmailSubscription? subscription, ConcurrentDictionary<Guid, string> refused,
        CancellationToken stopping)
    {
        var settings = options.Value;
        delivery.LeaseUntil = null;
        if (stopping.IsCancellationRequested)
        {
            // Not attempted: released for whichever instance runs next.
            return;
        }
        var confirming = delivery.Kind == EmailDelivery.ConfirmationKind;
        if (subscription is null || !subscription.IsActive || (!confirming && !subscription.IsConfirmed))
        {
            // Unsubscribed (the row is gone) or disabled since it was queued: one click stops the next alert.
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = subscription is null ? "Unsubscribed." : "The address is not receiving alerts.";
            metrics.Count(DeliveryChannels.Email, DeliveryOutcome.Failed);
            return;
        }
        var now = clock.GetUtcNow();
        delivery.Attempts++;
        delivery.FirstAttemptAt ??= now;
        using var activity = NotificationTelemetry.StartAttempt(DeliveryChannels.Email, delivery.Id, delivery.AlertId, delivery.Attempts,
            delivery.AlertTraceParent);
        string? error;
        try
        {
            // Not tied to stopping: an attempt already on the wire runs to its answer (bounded by the timeout) and is
            // recorded; cut off, the server may have the message while we would send it again after a restart.
            using var timeout = new CancellationTokenSource(settings.Smtp.Timeout * 2);
            await pool.SendAsync(composer.Compose(delivery, subscription), timeout.Token);
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = clock.GetUtcNow();
            delivery.LastError = null;
            Ended(activity, DeliveryOutcome.Sent, null);
            return;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500
            && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            // A permanent refusal of this address (or of mail to it): sending again would only be refused again. A 5xx to
            // our own sender is our configuration's fault, not the reader's, and is retried below instead.
            var reason = $"The mail server refused mail to this address: {(int)ex.StatusCode} {ex.Message}";
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = reason;
            refused[subscription.Id] = reason;
            LogDisabled(logger, subscription.Id, (int)ex.StatusCode);
            Ended(activity, DeliveryOutcome.Failed, reason);
            return;
        }
        catch (SmtpCommandException ex)
        {
            error = $"SMTP {(int)ex.StatusCode}: {ex.Message}";
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SmtpProtocolException or ServiceNotConnectedException
            or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException)
        {
            error = ex is OperationCanceledException ? "Timed out" : ex.Message;
        }
        delivery.LastError = error;
        if (clock.GetUtcNow() - delivery.FirstAttemptAt >= settings.RetryFor)
        {
            delivery.Status = DeliveryStatus.Failed;
            Ended(activity, DeliveryOutcome.Failed, error);
            return;
        }
        delivery.NextAttemptAt = now + RetryPolicy.Delay(settings.FirstRetryDelay, settings.MaxRetryDelay, delivery.Attempts, null, Random.Shared.NextDouble());
        // The server's reply is not logged: it often quotes the address. It is kept on the row instead.
        LogRetryScheduled(logger, delivery.Id, delivery.Attempts, delivery.NextAttemptAt);
        Ended(activity, DeliveryOutcome.Retried, error);
    }

    /// <summary>Counts the attempt's outcome and records it on its span (the server's reply may quote the address: not put on the span).</summary>
    private void Ended(System.Diagnostics.Activity? activity, DeliveryOutcome outcome, string? error)
    {
        metrics.Count(DeliveryChannels.Email, outcome);
        NotificationTelemetry.Outcome(activity, outcome, error is null ? null : "Not accepted; see the delivery's last error.");
    }

    // Addresses are never logged (nor traced): log lines name the subscription id or the message id.
    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail subscription {SubscriptionId} disabled: the mail server refused the address ({Status})")]
    private static partial void LogDisabled(ILogger logger, Guid subscriptionId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail pass failed; retrying on the next poll")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {DeliveryId} attempt {Attempts} failed; next attempt at {NextAttemptAt}")]
    private static partial void LogRetryScheduled(ILogger logger, string deliveryId, int attempts, DateTimeOffset nextAttemptAt);
}
