using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Nojor.Articles.Caching;

namespace Nojor.Articles.Reading;

/// <summary>
/// Wraps ASP.NET Core's hosting application, which Kestrel calls for every request. An anonymous
/// <c>GET /api/articles/{slug}</c> whose report this instance holds in memory is answered here, on Kestrel's own
/// features, before hosting builds an <see cref="HttpContext"/>, a log scope, a request Activity and the
/// request-duration metric, which cost far more than the read itself (bench/results/article-read.md). Such reads are counted by <see cref="CachedReadMetrics"/> and not traced; everything else (misses,
/// signed-in reads, every other route) is handed to hosting unchanged.
/// </summary>
internal sealed class CachedReadApplication<TContext>(
    IHttpApplication<TContext> hosting, Func<string, CachedJson?> lookUp, string cacheControl, CachedReadMetrics metrics)
    : IHttpApplication<CachedReadContext<TContext>>
    where TContext : notnull
{
    public CachedReadContext<TContext> CreateContext(IFeatureCollection contextFeatures)
    {
        var request = contextFeatures.GetRequiredFeature<IHttpRequestFeature>();
        // The feature's path is already decoded; new PathString keeps it as it is, where the implicit conversion from a
        // string decodes it again (a slug "%41" became "A", and "%00", sent as %2500, a NUL that threw and dropped the connection).
        if (AnonymousArticleRead.TryGetSlug(request.Method, new PathString(request.Path), request.Headers, out var slug)
            && lookUp(slug) is { } json)
        {
            return CachedReadContext<TContext>.Answered(contextFeatures, json);
        }
        return CachedReadContext<TContext>.Hosted(hosting.CreateContext(contextFeatures));
    }

    public Task ProcessRequestAsync(CachedReadContext<TContext> context)
    {
        if (context.Json is not { } json)
        {
            return hosting.ProcessRequestAsync(context.HostingContext!);
        }
        var features = context.Features!;
        var response = features.GetRequiredFeature<IHttpResponseFeature>();
        // No RequestAborted: asking Kestrel for it makes a cancellation source per request, a measurable share of a
        // cached read. A write held up by a reader that stops reading
        // still ends: Kestrel aborts the connection (MinResponseDataRate), which ends the flush the write waits on.
        var written = CachedJsonResponse.WriteAsync(features.GetRequiredFeature<IHttpRequestFeature>().Headers, response,
            features.GetRequiredFeature<IHttpResponseBodyFeature>().Writer, json, cacheControl, CancellationToken.None);
        metrics.Answered(response.StatusCode);
        return written;
    }

    public void DisposeContext(CachedReadContext<TContext> context, Exception? exception)
    {
        if (context.HostingContext is { } hostingContext)
        {
            hosting.DisposeContext(hostingContext, exception);
        }
    }
}

/// <summary>A request answered from memory (its features and bytes), or hosting's own context for it.</summary>
internal sealed class CachedReadContext<TContext>
    where TContext : notnull
{
    private CachedReadContext(TContext? hostingContext, IFeatureCollection? features, CachedJson? json)
    {
        HostingContext = hostingContext;
        Features = features;
        Json = json;
    }

    public TContext? HostingContext { get; }

    public IFeatureCollection? Features { get; }

    public CachedJson? Json { get; }

    public static CachedReadContext<TContext> Answered(IFeatureCollection features, CachedJson json) => new(default, features, json);

    public static CachedReadContext<TContext> Hosted(TContext hostingContext) => new(hostingContext, null, null);
}
