using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;
using Nojor.EarlyAnswers;
using Nojor.Requests;

namespace Nojor.Articles.Reading;

/// <summary>
/// An anonymous <c>GET /api/articles/{slug}</c> whose report this instance holds in memory is answered beneath hosting
/// (<see cref="EarlyAnswerServer{TAnswer}"/>), counted by <see cref="CachedReadMetrics"/> and not traced. Misses,
/// signed-in reads and every other route go through hosting to <c>GetArticleBySlug</c>, which loads and caches the report.
/// </summary>
internal sealed class CachedReads : IEarlyAnswers<CachedJson>
{
    private readonly Func<string, CachedJson?> lookUp;
    private readonly string cacheControl;
    private readonly CachedReadMetrics metrics;

    public CachedReads(ArticleCache cache, IOptions<ArticleOptions> options, CachedReadMetrics metrics)
        : this(slug => LookUp(cache, slug), ArticleReadEndpoints.ReaderCacheControl(options.Value), metrics)
    {
    }

    internal CachedReads(Func<string, CachedJson?> lookUp, string cacheControl, CachedReadMetrics metrics)
    {
        this.lookUp = lookUp;
        this.cacheControl = cacheControl;
        this.metrics = metrics;
    }

    public CachedJson? Find(IFeatureCollection features)
    {
        var request = features.GetRequiredFeature<IHttpRequestFeature>();
        // The feature's path is already decoded; new PathString keeps it as it is, where the implicit conversion from a
        // string decodes it again (a slug "%41" became "A", and "%00", sent as %2500, a NUL that threw and dropped the connection).
        // A query that may hold a NUL goes to hosting, which refuses it (NulQueryParameters): otherwise the same request
        // was refused or answered depending on what this instance happened to hold.
        return !NulQueryParameters.MayHoldNul(request.QueryString)
            && AnonymousArticleRead.TryGetSlug(request.Method, new PathString(request.Path), request.Headers, out var slug)
            ? lookUp(slug)
            : null;
    }

    public Task WriteAsync(IFeatureCollection features, CachedJson json)
    {
        var response = features.GetRequiredFeature<IHttpResponseFeature>();
        // No RequestAborted: asking Kestrel for it makes a cancellation source per request, a measurable share of a
        // cached read. A write held up by a reader that stops reading
        // still ends: Kestrel aborts the connection (MinResponseDataRate), which ends the flush the write waits on.
        var written = CachedJsonResponse.WriteAsync(features.GetRequiredFeature<IHttpRequestFeature>().Headers, response,
            features.GetRequiredFeature<IHttpResponseBodyFeature>().Writer, json, cacheControl, CancellationToken.None);
        metrics.Answered(response.StatusCode);
        return written;
    }

    /// <summary>This instance's memory copy, when the lookup completes at once (it does: it never loads or calls Redis).</summary>
    private static CachedJson? LookUp(ArticleCache cache, string slug)
    {
        var lookup = cache.GetLocalArticleAsync(slug, CancellationToken.None);
        if (lookup.IsCompletedSuccessfully)
        {
            return lookup.Result;
        }
        // Observe it and let hosting answer; the endpoint looks again.
        _ = lookup.AsTask();
        return null;
    }
}
