using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nojor.Messaging.Outbox;

namespace Nojor.Messaging;

/// <summary>
/// What every service using the outbox reports on the <c>Nojor.Messaging</c> meter: how many events wait in its outbox
/// and for how long, and how long its consumers' events waited in the broker.
/// </summary>
public sealed class MessagingMetrics
{
    /// <summary>Bucket bounds (seconds) for consume lag: milliseconds when all is well, minutes when a broker was down.</summary>
    private static readonly double[] LagBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

    private readonly Histogram<double> _consumeLag;
    private readonly PeriodicReading<OutboxBacklog> _backlog;

    public MessagingMetrics(IMeterFactory meterFactory, IOutboxStore store, IOptions<OutboxOptions> options, TimeProvider clock,
        ILogger<MessagingMetrics> logger)
    {
        var meter = meterFactory.Create(MessagingTelemetry.Name);
        // The table's count, the same from every instance of a service: one query per read interval, not per export.
        _backlog = new PeriodicReading<OutboxBacklog>(store.ReadBacklogAsync, options.Value.MetricsReadInterval, clock, logger);
        meter.CreateObservableGauge("nojor.outbox.backlog", () => Backlog(b => b.Waiting), "{message}",
            "Events in this service's outbox not yet confirmed by the broker.");
        meter.CreateObservableGauge("nojor.outbox.oldest_age",
            () => Backlog(b => b.OldestOccurredAt is { } oldest ? Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds) : 0), "s",
            "How long the oldest event waiting in this service's outbox has waited (0 when none waits).");
        _consumeLag = meter.CreateHistogram("nojor.messaging.consume.lag", "s",
            "Time from an event's publication to the broker until a consumer of this service took it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
    }

    /// <summary>Records how long a message of <paramref name="messageType"/> waited between its publication and its consumption.</summary>
    public void Consumed(string messageType, TimeSpan lag) =>
        _consumeLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("messaging.message.type", messageType));

    private IEnumerable<Measurement<T>> Backlog<T>(Func<OutboxBacklog, T> value) where T : struct =>
        _backlog.Current is { } backlog ? [new Measurement<T>(value(backlog))] : [];
}

/// <summary>The outbox rows not yet confirmed by the broker: how many, and when the oldest occurred.</summary>
public sealed record OutboxBacklog(long Waiting, DateTimeOffset? OldestOccurredAt);
