using MassTransit;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nojor.ReadCache;

namespace Nojor.Gateway.Caching;

public static class GatewayReadCacheExtensions
{
    /// <summary>Prefix of each gateway instance's own (auto-deleted) queue of article events.</summary>
    public const string EventQueuePrefix = "gateway-article-cache-";

    /// <summary>
    /// The output cache for anonymous article reads and the web app's shared pages, and the article events that evict it
    /// (<see cref="ArticleEventQueue"/>, the same channel as the article service's own cache).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayReadCache(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReadCacheOptions>().BindConfiguration(ReadCacheOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutputCacheEviction>();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<ReadCacheOptions>, CacheInvalidationFeed>((output, readCache, feed) =>
        {
            output.SizeLimit = readCache.Value.SizeLimitBytes;
            output.AddPolicy(ArticleReadCachePolicy.Name, new ArticleReadCachePolicy(readCache, feed));
            output.AddPolicy(WebPageCachePolicy.Name, new WebPageCachePolicy(readCache, feed));
        });

        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Messaging}' (RabbitMQ) is not configured.");
        services.AddMassTransit(bus =>
        {
            bus.AddArticleEventQueue<OutputCacheEviction>(EventQueuePrefix);
            // Without the broker the gateway still proxies everything (uncached): degraded, not down.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = false);
        return builder;
    }
}
