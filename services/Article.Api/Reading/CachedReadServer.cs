using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;

namespace Nojor.Articles.Reading;

/// <summary>
/// Kestrel, with <see cref="CachedReadApplication{TContext}"/> put between it and hosting: anonymous reads of a report
/// this instance holds in memory are answered there; everything else, a miss included, goes through hosting to
/// <c>GetArticleBySlug</c>, which loads and caches the report.
/// </summary>
internal sealed class CachedReadServer(IServer kestrel, ArticleCache cache, IOptions<ArticleOptions> options, CachedReadMetrics metrics)
    : IServer
{
    public IFeatureCollection Features => kestrel.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var cacheControl = ArticleReadEndpoints.ReaderCacheControl(options.Value);
        return kestrel.StartAsync(new CachedReadApplication<TContext>(application, LookUp, cacheControl, metrics), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => kestrel.StopAsync(cancellationToken);

    public void Dispose() => kestrel.Dispose();

    /// <summary>This instance's memory copy, when the lookup completes at once (it does: it never loads or calls Redis).</summary>
    private CachedJson? LookUp(string slug)
    {
        var lookup = cache.GetLocalArticleAsync(slug, CancellationToken.None);
        if (lookup.IsCompletedSuccessfully)
        {
            return lookup.Result;
        }
        // Observe it and let hosting answer; the endpoint looks again.
        _ = lookup.AsTask();
        return null;
    }

    /// <summary>Replaces the registered server (Kestrel) with itself wrapping it.</summary>
    public static void Register(IServiceCollection services)
    {
        var kestrel = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("No server is registered to answer cached reads in front of.");
        services.Remove(kestrel);
        services.AddSingleton<IServer>(provider => new CachedReadServer(
            Create(provider, kestrel), provider.GetRequiredService<ArticleCache>(),
            provider.GetRequiredService<IOptions<ArticleOptions>>(), provider.GetRequiredService<CachedReadMetrics>()));
    }

    private static IServer Create(IServiceProvider provider, ServiceDescriptor descriptor) => (IServer)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
