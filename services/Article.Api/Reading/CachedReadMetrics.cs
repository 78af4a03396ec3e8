using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nojor.Articles.Reading;

/// <summary>
/// Counts the reads <see cref="CachedReads"/> answers: they never reach hosting, so ASP.NET
/// Core's <c>http.server.request.duration</c> does not see them.
/// </summary>
public sealed class CachedReadMetrics
{
    public const string MeterName = "Nojor.Articles";

    private readonly Counter<long> answered;

    public CachedReadMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        answered = meter.CreateCounter<long>("nojor.articles.cached_reads", "{request}",
            "Reads of a report answered from this instance's memory before ASP.NET Core's hosting layer.");
    }

    public void Answered(int statusCode) =>
        answered.Add(1, new TagList { { "http.response.status_code", statusCode } });
}
