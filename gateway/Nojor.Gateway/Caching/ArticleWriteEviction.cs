using Microsoft.AspNetCore.OutputCaching;
using Yarp.ReverseProxy.Model;

namespace Nojor.Gateway.Caching;

/// <summary>
/// An editor's successful write through this gateway drops its cached article reads and web pages at once (both carry
/// <see cref="ArticleCacheTags.All"/>), so the editor (and everyone behind this instance) reads the change straight
/// away instead of after the article event arrives.
/// The event still evicts every other instance, and any read that raced the write. Writes are rare, so dropping
/// every report's entry costs little and needs no knowledge of which slug the write touched.
/// </summary>
internal sealed class ArticleWriteEviction(IOutputCacheStore store)
{
    public const string ArticleCluster = "article";

    public Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.GetReverseProxyFeature().Route.Config.ClusterId == ArticleCluster)
        {
            // Before the answer leaves: a client that reads right after its write must not beat the eviction.
            context.Response.OnStarting(async () =>
            {
                if (context.Response.StatusCode is >= 200 and < 300)
                {
                    await store.EvictByTagAsync(ArticleCacheTags.All, CancellationToken.None);
                }
            });
        }
        return next();
    }
}
