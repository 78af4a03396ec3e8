using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Nojor.ReadCache;

/// <summary>
/// The one invalidation channel of every cache of article reads (the gateway's output cache, each article service
/// instance's memory): the article events the article service writes through its outbox. Each process binds a queue of
/// its own that lives only as long as its connection, so every instance hears every event.
/// </summary>
public static class ArticleEventQueue
{
    /// <summary>
    /// Registers the eviction consumer on a temporary queue named <paramref name="queuePrefix"/> plus a random suffix, and
    /// <see cref="CacheInvalidationFeed"/>. <typeparamref name="TCache"/> must be registered as a singleton by the caller.
    /// </summary>
    public static IBusRegistrationConfigurator AddArticleEventQueue<TCache>(this IBusRegistrationConfigurator bus, string queuePrefix)
        where TCache : class, IArticleReadCache
    {
        bus.TryAddSingleton<CacheInvalidationFeed>();
        bus.TryAddSingleton<IArticleReadCache>(services => services.GetRequiredService<TCache>());
        bus.TryAddSingleton<CacheInvalidationObserver>();
        var queue = queuePrefix + Guid.NewGuid().ToString("N")[..12];
        bus.AddConsumer<ArticleEvictionConsumer, ArticleEvictionConsumerDefinition>()
            .Endpoint(endpoint =>
            {
                endpoint.Name = queue;
                endpoint.Temporary = true;
            });
        return bus;
    }
}

/// <summary>Connects <see cref="CacheInvalidationObserver"/> to the queue, so the feed follows it.</summary>
internal sealed class ArticleEvictionConsumerDefinition : ConsumerDefinition<ArticleEvictionConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ArticleEvictionConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.ConnectReceiveEndpointObserver(context.GetRequiredService<CacheInvalidationObserver>());
}
