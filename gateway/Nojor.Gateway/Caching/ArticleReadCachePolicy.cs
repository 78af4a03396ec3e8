using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Keeps anonymous reads of a report (<c>GET /api/articles/{slug}</c>) in the gateway's memory so the hottest route
/// is answered without a hop to the article service. It behaves as a shared HTTP cache that is told about changes:
/// <list type="bullet">
/// <item>only anonymous requests without a query string, and only 200 answers the service marked <c>public</c>;</item>
/// <item>an entry lives no longer than the service's <c>max-age</c> nor <see cref="ReadCacheOptions.MaxAge"/>;</item>
/// <item>every article event evicts that report's entry, and nothing is served while the events are not arriving.</item>
/// </list>
/// The output-cache middleware answers <c>If-None-Match</c> from the cached ETag with 304.
/// </summary>
public sealed class ArticleReadCachePolicy(IOptions<ReadCacheOptions> options, CacheInvalidationFeed feed) : IOutputCachePolicy
{
    public const string Name = "article-read";
    public const string SlugRouteValue = "slug";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = options.Value.Enabled
            && feed.IsListening
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.QueryString.HasValue
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && request.RouteValues[SlugRouteValue] is string { Length: > 0 };

        context.EnableOutputCaching = cacheable;
        if (!cacheable)
        {
            return ValueTask.CompletedTask;
        }

        // A client asking to revalidate ("no-cache") goes to the service, and its fresh answer replaces the entry.
        context.AllowCacheLookup = !RequestsRevalidation(request);
        context.AllowCacheStorage = true;
        // One request per report goes to the service when an entry expires; the rest wait for its answer.
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = options.Value.MaxAge;
        context.Tags.Add(ArticleCacheTags.All);
        context.Tags.Add(ArticleCacheTags.ForSlug((string)request.RouteValues[SlugRouteValue]!));
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey(HeaderNames.SetCookie)
            || !CacheControlHeaderValue.TryParse(response.Headers.CacheControl.ToString(), out var cacheControl)
            || !cacheControl.Public || cacheControl.Private || cacheControl.NoStore || cacheControl.NoCache
            || cacheControl.MaxAge is not { } maxAge || maxAge <= TimeSpan.Zero)
        {
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }

        if (maxAge < context.ResponseExpirationTimeSpan)
        {
            context.ResponseExpirationTimeSpan = maxAge;
        }
        return ValueTask.CompletedTask;
    }

    private static bool RequestsRevalidation(HttpRequest request) =>
        CacheControlHeaderValue.TryParse(request.Headers.CacheControl.ToString(), out var requested)
        && (requested.NoCache || requested.MaxAge == TimeSpan.Zero);
}
