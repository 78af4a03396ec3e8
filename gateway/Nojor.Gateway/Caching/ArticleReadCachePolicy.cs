using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Nojor.ReadCache;

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
            && SharedCacheRules.IsAnonymousRead(request)
            && request.RouteValues[SlugRouteValue] is string { Length: > 0 };

        context.EnableOutputCaching = cacheable;
        if (!cacheable)
        {
            return ValueTask.CompletedTask;
        }

        SharedCacheRules.Enable(context, options.Value.MaxAge);
        context.Tags.Add(ArticleCacheTags.All);
        context.Tags.Add(ArticleCacheTags.ForSlug((string)request.RouteValues[SlugRouteValue]!));
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        SharedCacheRules.LimitToOrigin(context);
        return ValueTask.CompletedTask;
    }
}
