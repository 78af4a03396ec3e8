using Microsoft.Extensions.Caching.Hybrid;
using Nojor.ReadCache;

namespace Nojor.Articles.Caching;

/// <summary>
/// This instance's memory of what readers fetch most: reports by slug and the first page of lists. It is the article
/// service's one cache tier; the gateway in front keeps its own. Both hear of changes the same way, through the article
/// events (<see cref="ArticleEventQueue"/>); a writer also drops its own copies at once, so its next read is fresh.
/// </summary>
/// <remarks>
/// An instance that does not hear the events (its broker connection is down, or not up yet) could hold a report another
/// instance has since changed, so while it does not, its memory is not used at all and PostgreSQL answers; every entry is
/// dropped whenever it starts or stops hearing them.
/// </remarks>
public sealed class ArticleCache(HybridCache cache, CacheInvalidationFeed feed) : IArticleReadCache
{
    private const string ListTag = "article-lists";

    /// <summary>HybridCache's tag for every entry it holds.</summary>
    private const string EveryEntry = "*";

    private static readonly HybridCacheEntryOptions EntryOptions = new()
    {
        // Bounds how long a copy could outlive a change whose event was lost: events are delivered at least once, but
        // an entry never outlives this whatever happens.
        Expiration = TimeSpan.FromSeconds(60),
        LocalCacheExpiration = TimeSpan.FromSeconds(60),
    };

    /// <summary>Turns GetOrCreateAsync into a lookup of this instance's memory: no loading, nothing stored.</summary>
    private static readonly HybridCacheEntryOptions LocalLookupOptions = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableUnderlyingData,
    };

    private static readonly string[] ListTags = [ListTag];

    /// <summary>
    /// The report from this instance's memory, loading and keeping it when missing; from <paramref name="load"/> when the
    /// request asked to revalidate, and then that fresh copy replaces the one kept here.
    /// </summary>
    public ValueTask<CachedJson?> GetArticleAsync(string slug, Func<CancellationToken, ValueTask<CachedJson?>> load, bool revalidate,
        CancellationToken cancellationToken) =>
        GetAsync(ArticleKey(slug), load, null, revalidate, cancellationToken);

    /// <summary>The report as this instance's memory holds it, or null (not cached here, or cached as not found).</summary>
    public ValueTask<CachedJson?> GetLocalArticleAsync(string slug, CancellationToken cancellationToken) =>
        feed.IsListening
            ? cache.GetOrCreateAsync(ArticleKey(slug), static _ => ValueTask.FromResult<CachedJson?>(null), LocalLookupOptions, null, cancellationToken)
            : ValueTask.FromResult<CachedJson?>(null);

    public ValueTask<CachedJson?> GetListAsync(string query, Func<CancellationToken, ValueTask<CachedJson?>> load, bool revalidate,
        CancellationToken cancellationToken) =>
        GetAsync($"articles:list:{query}", load, ListTags, revalidate, cancellationToken);

    /// <summary>
    /// Drops a report and every cached list here, after a write through this instance. The other instances and the
    /// gateways drop theirs when the article event the write saved reaches them.
    /// </summary>
    public Task InvalidateAsync(string slug, CancellationToken cancellationToken) => EvictAsync(slug, cancellationToken);

    public async Task EvictAsync(string slug, CancellationToken cancellationToken)
    {
        await cache.RemoveAsync(ArticleKey(slug), cancellationToken);
        await cache.RemoveByTagAsync(ListTag, cancellationToken);
    }

    public Task EvictAllAsync(CancellationToken cancellationToken) => cache.RemoveByTagAsync(EveryEntry, cancellationToken).AsTask();

    private ValueTask<CachedJson?> GetAsync(string key, Func<CancellationToken, ValueTask<CachedJson?>> load, string[]? tags,
        bool revalidate, CancellationToken cancellationToken) =>
        // Neither served from memory nor stored there while nothing would tell this instance when the copy goes stale.
        !feed.IsListening ? load(cancellationToken)
        : revalidate ? RefreshAsync(key, load, tags, cancellationToken)
        : cache.GetOrCreateAsync(key, load, static (load, ct) => load(ct), EntryOptions, tags, cancellationToken);

    /// <summary>
    /// Loads from PostgreSQL and keeps what it found in place of this instance's copy. The gateway asks this of every read
    /// it is about to keep (<see cref="Nojor.Requests.Revalidation"/>): this instance may not yet have heard the article
    /// event the gateway has just acted on, and its copy would otherwise be kept there for the entry's whole lifetime.
    /// </summary>
    private async ValueTask<CachedJson?> RefreshAsync(string key, Func<CancellationToken, ValueTask<CachedJson?>> load, string[]? tags,
        CancellationToken cancellationToken)
    {
        var fresh = await load(cancellationToken);
        if (fresh is null)
        {
            await cache.RemoveAsync(key, cancellationToken);
        }
        else
        {
            await cache.SetAsync(key, fresh, EntryOptions, tags, cancellationToken);
        }
        return fresh;
    }

    private static string ArticleKey(string slug) => $"article:{slug}";
}
