using Microsoft.Extensions.Caching.Hybrid;
using StackExchange.Redis;

namespace Nojor.Articles.Caching;

/// <summary>
/// Two-level cache (memory, then Redis) of what readers fetch most: reports by slug and the first page
/// of lists. Writers invalidate here and broadcast on Redis so every other instance drops its memory copy.
/// Redis being down never fails a read: the cache is skipped and PostgreSQL answers.
/// </summary>
/// <remarks>
/// An instance cut off from Redis cannot hear the other instances' invalidations, so its memory may hold a report an
/// editor has since changed through another instance. From the moment the connection fails until every entry cached
/// before has been dropped again after it came back, this instance's memory is not used at all: PostgreSQL answers.
/// </remarks>
public sealed class ArticleCache
{
    public static readonly RedisChannel InvalidationChannel = RedisChannel.Literal("nojor:articles:invalidate");
    private const string ListTag = "article-lists";

    /// <summary>HybridCache's tag for every entry it holds.</summary>
    private const string EveryEntry = "*";

    private readonly HybridCache cache;
    private readonly IConnectionMultiplexer redis;
    private readonly TimeProvider clock;
    private readonly ILogger<ArticleCache> logger;

    /// <summary>Set when a Redis connection fails, cleared once memory has been emptied after it was restored.</summary>
    private volatile bool _mayHaveMissedInvalidations;

    public ArticleCache(HybridCache cache, IConnectionMultiplexer redis, TimeProvider clock, ILogger<ArticleCache> logger)
    {
        this.cache = cache;
        this.redis = redis;
        this.clock = clock;
        this.logger = logger;
        redis.ConnectionFailed += (_, _) => _mayHaveMissedInvalidations = true;
        redis.ConnectionRestored += (_, _) => _ = ForgetEverythingOnceResubscribedAsync();
    }

    /// <summary>
    /// How long after a connection is restored the cache stays unused: the client renews the invalidation channel's
    /// subscription only once reconnected, and a broadcast published before that is lost to pub/sub.
    /// </summary>
    private static readonly TimeSpan ResubscribedWithin = TimeSpan.FromSeconds(10);

    private async Task ForgetEverythingOnceResubscribedAsync()
    {
        _mayHaveMissedInvalidations = true;
        await Task.Delay(ResubscribedWithin, clock);
        await ForgetEverythingAsync();
    }

    /// <summary>Whether this instance's cached copies can be trusted: it hears, and has heard, every invalidation.</summary>
    private bool Trusted => !_mayHaveMissedInvalidations && redis.IsConnected;

    private static readonly HybridCacheEntryOptions EntryOptions = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        // Bounds staleness on an instance that missed a broadcast while Redis was away.
        LocalCacheExpiration = TimeSpan.FromSeconds(60),
    };

    /// <summary>Turns GetOrCreateAsync into a lookup of this instance's memory: no Redis, no loading, nothing stored.</summary>
    private static readonly HybridCacheEntryOptions LocalLookupOptions = new()
    {
        Flags = HybridCacheEntryFlags.DisableDistributedCache | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableUnderlyingData,
    };

    private static readonly string[] ListTags = [ListTag];

    public ValueTask<CachedJson?> GetArticleAsync(string slug, Func<CancellationToken, ValueTask<CachedJson?>> load, CancellationToken cancellationToken) =>
        GetAsync(ArticleKey(slug), load, null, cancellationToken);

    /// <summary>The report as this instance's memory holds it, or null (not cached here, or cached as not found).</summary>
    public ValueTask<CachedJson?> GetLocalArticleAsync(string slug, CancellationToken cancellationToken) =>
        Trusted
            ? cache.GetOrCreateAsync(ArticleKey(slug), static _ => ValueTask.FromResult<CachedJson?>(null), LocalLookupOptions, null, cancellationToken)
            : ValueTask.FromResult<CachedJson?>(null);

    public ValueTask<CachedJson?> GetListAsync(string query, Func<CancellationToken, ValueTask<CachedJson?>> load, CancellationToken cancellationToken) =>
        GetAsync($"articles:list:{query}", load, ListTags, cancellationToken);

    /// <summary>Drops a report and every cached list here, then tells the other instances to do the same.</summary>
    public async Task InvalidateAsync(string slug, CancellationToken cancellationToken)
    {
        await EvictLocallyAsync(slug, cancellationToken);
        try
        {
            await redis.GetSubscriber().PublishAsync(InvalidationChannel, slug);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not broadcast cache invalidation of {Slug}: {Reason}", slug, ex.Message);
        }
    }

    /// <summary>Called for broadcasts from any instance (including this one).</summary>
    public async Task EvictLocallyAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            await cache.RemoveAsync(ArticleKey(slug), cancellationToken);
            await cache.RemoveByTagAsync(ListTag, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Cache invalidation of {Slug} reached memory only: {Reason}", slug, ex.Message);
        }
    }

    private async ValueTask<CachedJson?> GetAsync(
        string key, Func<CancellationToken, ValueTask<CachedJson?>> load, string[]? tags, CancellationToken cancellationToken)
    {
        if (!Trusted)
        {
            // Neither served from memory nor stored there: nothing would tell this instance when the copy goes stale.
            return await load(cancellationToken);
        }
        try
        {
            return await cache.GetOrCreateAsync(key, load, static (load, ct) => load(ct), EntryOptions, tags, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Cache unavailable for {Key}, reading from the database: {Reason}", key, ex.Message);
            return await load(cancellationToken);
        }
    }

    /// <summary>
    /// Drops every entry cached before Redis came back (in memory and, for this instance, in Redis): any of them may be
    /// one another instance invalidated while this one could not hear it. Only then is the cache used again.
    /// </summary>
    private async Task ForgetEverythingAsync()
    {
        _mayHaveMissedInvalidations = true;
        try
        {
            await cache.RemoveByTagAsync(EveryEntry);
            _mayHaveMissedInvalidations = false;
            logger.LogInformation("Redis is back: cached reports dropped, the cache is used again");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Still unreliable; the next restored connection tries again, and until then PostgreSQL answers.
            logger.LogWarning("Redis is back but the cache could not be emptied, so it stays unused: {Reason}", ex.Message);
        }
    }

    private static string ArticleKey(string slug) => $"article:{slug}";
}
