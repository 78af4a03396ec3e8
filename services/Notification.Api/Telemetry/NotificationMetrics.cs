using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Messaging;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Telemetry;

/// <summary>
/// The notification service's meter: deliveries sent, retried and given up (counted by the workers as each attempt
/// ends), deliveries pending (counted in the database, at most once per <see cref="WebhookOptions.MetricsReadInterval"/>)
/// and this instance's live stream clients. Every instrument but the stream gauge carries <c>nojor.delivery.channel</c>.
/// </summary>
public sealed class NotificationMetrics
{
    private const string ChannelTag = "nojor.delivery.channel";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;
    private readonly PeriodicReading<PendingDeliveries> _pending;
    private readonly IServiceScopeFactory _scopes;

    public NotificationMetrics(IMeterFactory meterFactory, AlertHub hub, IServiceScopeFactory scopes, IOptions<WebhookOptions> options,
        TimeProvider clock, ILogger<NotificationMetrics> logger)
    {
        _scopes = scopes;
        var meter = meterFactory.Create(NotificationTelemetry.Name);
        _sent = meter.CreateCounter<long>("nojor.deliveries.sent", "{delivery}", "Deliveries the receiver took.");
        _retried = meter.CreateCounter<long>("nojor.deliveries.retried", "{attempt}", "Attempts that failed and were scheduled again.");
        _failed = meter.CreateCounter<long>("nojor.deliveries.failed", "{delivery}",
            "Deliveries given up: refused for good, retried for too long, or their subscription gone or disabled.");
        // The table's count, the same from every instance: one query per read interval, not per export.
        _pending = new PeriodicReading<PendingDeliveries>(CountPendingAsync, options.Value.MetricsReadInterval, clock, logger);
        meter.CreateObservableGauge("nojor.deliveries.pending", ObservePending, "{delivery}",
            "Deliveries waiting to be sent: due, retrying, deferred by a rate limit or held by quiet hours.");
        meter.CreateObservableGauge("nojor.streams.clients", () => hub.ClientCount, "{client}",
            "Live alert streams (Server-Sent Events) open on this instance.");
    }

    public void Count(string channel, DeliveryOutcome outcome)
    {
        var tag = new KeyValuePair<string, object?>(ChannelTag, channel);
        var counter = outcome switch
        {
            DeliveryOutcome.Sent => _sent,
            DeliveryOutcome.Retried => _retried,
            _ => _failed,
        };
        counter.Add(1, tag);
    }

    public static string OutcomeName(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Sent => "sent",
        DeliveryOutcome.Retried => "retried",
        _ => "failed",
    };

    private IEnumerable<Measurement<long>> ObservePending()
    {
        if (_pending.Current is not { } pending)
        {
            return [];
        }
        return
        [
            new Measurement<long>(pending.Webhook, new KeyValuePair<string, object?>(ChannelTag, DeliveryChannels.Webhook)),
            new Measurement<long>(pending.Push, new KeyValuePair<string, object?>(ChannelTag, DeliveryChannels.Push)),
            new Measurement<long>(pending.Email, new KeyValuePair<string, object?>(ChannelTag, DeliveryChannels.Email)),
        ];
    }

    private async Task<PendingDeliveries> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        // Both counts read the pending rows' partial indexes; push deliveries are webhook rows of a push subscription.
        var webhooks = await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending)
            .Join(db.Subscriptions, d => d.SubscriptionId, s => s.Id, (d, s) => s.PushKey != null)
            .GroupBy(isPush => isPush)
            .Select(g => new { IsPush = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var emails = await db.EmailDeliveries.LongCountAsync(d => d.Status == DeliveryStatus.Pending, cancellationToken);
        return new PendingDeliveries(
            webhooks.Where(w => !w.IsPush).Sum(w => w.Count),
            webhooks.Where(w => w.IsPush).Sum(w => w.Count),
            emails);
    }

    private sealed record PendingDeliveries(long Webhook, long Push, long Email);
}

public static class NotificationTelemetryExtensions
{
    /// <summary>The service's meter and activity source, registered by the service itself.</summary>
    internal static IServiceCollection AddNotificationTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<NotificationMetrics>();
        return services.AddServiceTelemetry(meters: [NotificationTelemetry.Name], activitySources: [NotificationTelemetry.Name]);
    }
}
