using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Nojor.IntegrationTests.Observability;

/// <summary>
/// OpenTelemetry's in-memory exporters on a service collection built in the test's own process: the spans ended and the
/// metrics collected, read back as the dashboard's exporter would get them. The code under test registers its own meters
/// and sources (as in the services); this adds only the exporters, and the sources it names (MassTransit's, whose
/// consume span is what an alert's deliveries link to).
/// </summary>
internal sealed class InMemoryTelemetry
{
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _exported = new();
    private IServiceProvider? _services;

    public static InMemoryTelemetry AddTo(IServiceCollection services, params string[] traceSources)
    {
        var telemetry = new InMemoryTelemetry();
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddInMemoryExporter(telemetry._exported))
            .WithTracing(tracing => tracing.AddSource(traceSources).AddInMemoryExporter(telemetry._spans));
        return telemetry;
    }

    /// <summary>Builds the providers now, so they listen before the code under test runs.</summary>
    public void Start(IServiceProvider services)
    {
        _services = services;
        services.GetRequiredService<MeterProvider>();
        services.GetRequiredService<TracerProvider>();
    }

    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    /// <summary>Collects every metric now (what an export would carry) and returns the points of <paramref name="name"/>.</summary>
    public IReadOnlyList<MetricPoint> Collect(string name)
    {
        _exported.Clear();
        _services!.GetRequiredService<MeterProvider>().ForceFlush();
        var points = new List<MetricPoint>();
        foreach (var metric in _exported.Snapshot().Where(m => m.Name == name))
        {
            points.AddRange(metric.MetricPoints);
        }
        return points;
    }

    /// <summary>The point of <paramref name="name"/> carrying <paramref name="tag"/> (any point when null), or null if there is none.</summary>
    public MetricPoint? Point(string name, (string Key, string Value)? tag = null) =>
        Collect(name).Cast<MetricPoint?>().FirstOrDefault(p => tag is not { } wanted || HasTag(p!.Value, wanted.Key, wanted.Value));

    public static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The exporters add from their own threads; a test reads a copy.</summary>
    private sealed class LockedCollection<T> : Collection<T>
    {
        private readonly Lock _gate = new();

        public IReadOnlyList<T> Snapshot()
        {
            lock (_gate)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }

        protected override void ClearItems()
        {
            lock (_gate)
            {
                base.ClearItems();
            }
        }
    }
}
