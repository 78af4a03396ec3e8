using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Nojor.Feedback.Aggregates;

/// <summary>
/// Caches aggregates computed in PostgreSQL under a per-scope generation number in Redis. A write commits, then
/// increments the generation; readers look up the value stored for the current generation and compute it
/// when missing. A reader that computed from an older snapshot can only store under a generation nobody asks
/// for any more, so a cached value is never staler than the last completed write. Redis trouble never fails a
/// request: the value is then computed from the database.
/// </summary>
public sealed partial class AggregateCache(IConnectionMultiplexer redis, IOptions<AggregateCacheOptions> options, ILogger<AggregateCache> logger)
{
    private const string Prefix = "feedback:aggregate:";

    public async Task<T> GetOrComputeAsync<T>(string scope, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        string? valueKey = null;
        try
        {
            var generation = (long?)await db.StringGetAsync(GenerationKey(scope)) ?? 0;
            valueKey = $"{Prefix}{scope}:v{generation}";
            var cached = await db.StringGetAsync(valueKey);
            if (cached.HasValue)
            {
                return JsonSerializer.Deserialize<T>((string)cached!)!;
            }
        }
        catch (RedisException ex)
        {
            LogCacheUnavailable(logger, scope, ex.Message);
            valueKey = null;
        }

        var value = await compute(cancellationToken);
        if (valueKey is not null)
        {
            try
            {
                await db.StringSetAsync(valueKey, JsonSerializer.Serialize(value), options.Value.Lifetime);
            }
            catch (RedisException ex)
            {
                LogCacheUnavailable(logger, scope, ex.Message);
            }
        }
        return value;
    }

    /// <summary>Call after the write committed.</summary>
    public async Task InvalidateAsync(string scope)
    {
        try
        {
            var db = redis.GetDatabase();
            var key = GenerationKey(scope);
            await db.StringIncrementAsync(key);
            await db.KeyExpireAsync(key, options.Value.Lifetime * 2, CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            // The cached value lives at most one lifetime; that bounds how stale a missed invalidation leaves it.
            LogCacheUnavailable(logger, scope, ex.Message);
        }
    }

    private static string GenerationKey(string scope) => $"{Prefix}{scope}:gen";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aggregate cache unavailable for {Scope}: {Reason}")]
    private static partial void LogCacheUnavailable(ILogger logger, string scope, string reason);
}

public static class AggregateScopes
{
    public const string BetaOverview = "beta-overview";

    public static string Article(Guid articleId) => $"article:{articleId:N}";
}
