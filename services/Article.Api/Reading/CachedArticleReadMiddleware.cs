using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;

namespace Nojor.Articles.Reading;

/// <summary>
/// Answers an anonymous <c>GET /api/articles/{slug}</c> whose report this instance holds in memory before routing,
/// authentication and endpoint binding run: on a 2-core machine they were a large share of a cached read's cost.
/// Everything else, a cache miss included, goes down the pipeline to <c>GetArticleBySlug</c>, which loads and caches
/// the report, so the next read is answered here. Both write through <see cref="CachedJsonResponse"/>, so the answer
/// (body, ETag, 304, Cache-Control) is the same either way. With <c>Articles:AnswerCachedReadsBeforeHosting</c> on
/// (the default) <see cref="CachedReadApplication{TContext}"/> answers such hits sooner still, before hosting, and
/// this middleware is not added; with the setting off it answers them, traced like any other request.
/// </summary>
internal sealed class CachedArticleReadMiddleware(
    RequestDelegate next, ArticleCache cache, IOptions<ArticleOptions> options, EndpointDataSource endpoints)
{
    private readonly string cacheControl = ArticleReadEndpoints.ReaderCacheControl(options.Value);
    private Endpoint? slugEndpoint;

    // Not async: a hit found in memory completes synchronously, so the common read costs no state machine.
    public Task InvokeAsync(HttpContext context)
    {
        if (!TryGetSlug(context.Request, out var slug))
        {
            return next(context);
        }
        var lookup = cache.GetLocalArticleAsync(slug, context.RequestAborted);
        return lookup.IsCompletedSuccessfully ? AnswerOrPass(context, lookup.Result) : AnswerOrPassAsync(context, lookup);
    }

    private Task AnswerOrPass(HttpContext context, CachedJson? json)
    {
        if (json is null)
        {
            return next(context);
        }
        // The endpoint routing would have chosen: telemetry names the request by its route, as for any other.
        context.SetEndpoint(slugEndpoint ??= FindSlugEndpoint());
        return CachedJsonResponse.WriteAsync(context, json, cacheControl);
    }

    private async Task AnswerOrPassAsync(HttpContext context, ValueTask<CachedJson?> lookup) =>
        await AnswerOrPass(context, await lookup);

    internal static bool TryGetSlug(HttpRequest request, out string slug) =>
        TryGetSlug(request.Method, request.Path, request.Headers, out slug);

    /// <summary>
    /// The slug of a request routing would send to <c>GetArticleBySlug</c> (GET, one path segment after the prefix),
    /// sent without credentials: anything signed in takes the normal way, through authentication.
    /// </summary>
    internal static bool TryGetSlug(string method, PathString path, IHeaderDictionary headers, out string slug)
    {
        slug = "";
        if (!HttpMethods.IsGet(method) || headers.Authorization.Count > 0
            || !path.StartsWithSegments(ArticleRoutes.Articles, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return false;
        }
        var segment = rest.Value;
        if (segment is null || segment.Length < 2 || segment.IndexOf('/', 1) >= 0)
        {
            return false;
        }
        slug = segment[1..];
        return true;
    }

    private Endpoint FindSlugEndpoint() =>
        endpoints.Endpoints.FirstOrDefault(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == ArticleReadEndpoints.GetBySlugName)
        ?? throw new InvalidOperationException($"No endpoint is named {ArticleReadEndpoints.GetBySlugName}; the early read path answers for it.");
}
