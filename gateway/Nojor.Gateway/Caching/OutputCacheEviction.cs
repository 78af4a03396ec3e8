using Microsoft.AspNetCore.OutputCaching;
using Nojor.ReadCache;

namespace Nojor.Gateway.Caching;

/// <summary>
/// What an article event drops from the gateway's output cache: the report's own entry and every cached page of the web
/// app (the report shows on the front, section, tag, place and story pages too).
/// </summary>
internal sealed class OutputCacheEviction(IOutputCacheStore store) : IArticleReadCache
{
    public async Task EvictAsync(string slug, CancellationToken cancellationToken)
    {
        await store.EvictByTagAsync(ArticleCacheTags.ForSlug(slug), cancellationToken);
        await store.EvictByTagAsync(ArticleCacheTags.Pages, cancellationToken);
    }

    public Task EvictAllAsync(CancellationToken cancellationToken) => store.EvictByTagAsync(ArticleCacheTags.All, cancellationToken).AsTask();
}
