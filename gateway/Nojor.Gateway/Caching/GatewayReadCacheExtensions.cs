using MassTransit;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nojor.EarlyAnswers;
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
        // The fast path: hot copies of what the output cache stores, answered beneath hosting and evicted with the entries.
        services.AddSingleton<HotCopies>();
        HotCopyEvictingStore.Decorate(services);
        services.AddEarlyAnswers<HotCopy, HotCopyAnswers>();
        services.AddServiceTelemetry(meters: [HotCopyAnswers.MeterName]);
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

    /// <summary>
    /// Copies what the output cache stores for anonymous reads into <see cref="HotCopies"/>, for the fast path beneath
    /// hosting (<see cref="HotCopyAnswers"/>). Goes right before the output cache.
    /// </summary>
    public static IApplicationBuilder UseHotCopyCapture(this IApplicationBuilder app) => app.UseMiddleware<HotCopyCapture>();
}
