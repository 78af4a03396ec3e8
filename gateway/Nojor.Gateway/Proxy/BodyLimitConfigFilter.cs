using Nojor.Limits;
using Yarp.ReverseProxy.Configuration;

namespace Nojor.Gateway.Proxy;

/// <summary>
/// Refuses a route whose body limit is neither bytes nor a known shared limit when the configuration loads: a typo would
/// otherwise fall back to the default limit without a word.
/// </summary>
internal sealed class BodyLimitConfigFilter : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        if (route.Metadata?.TryGetValue(RequestBodyLimitMiddleware.MetadataKey, out var value) == true
            && !RequestBodyLimitMiddleware.TryParse(value, out _))
        {
            throw new InvalidOperationException(
                $"Route '{route.RouteId}': {RequestBodyLimitMiddleware.MetadataKey} '{value}' is neither a number of bytes " +
                $"nor a shared limit ({string.Join(", ", RequestLimits.Named.Keys)}).");
        }
        return new(route);
    }
}
