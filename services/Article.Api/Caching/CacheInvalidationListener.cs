using StackExchange.Redis;

namespace Nojor.Articles.Caching;

/// <summary>
/// Listens for other instances' invalidations. Keeps trying to subscribe while Redis is away; once
/// subscribed, StackExchange.Redis renews the subscription itself after reconnects.
/// </summary>
internal sealed class CacheInvalidationListener(IConnectionMultiplexer redis, ArticleCache cache, ILogger<CacheInvalidationListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(ArticleCache.InvalidationChannel);
                queue.OnMessage(async message =>
                {
                    if (message.Message.HasValue)
                    {
                        await cache.EvictLocallyAsync(message.Message!, stoppingToken);
                    }
                });
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot subscribe to cache invalidations yet (attempt {Attempt}): {Reason}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), stoppingToken);
            }
        }
    }
}
