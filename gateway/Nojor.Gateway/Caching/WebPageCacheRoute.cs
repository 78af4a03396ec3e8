using Yarp.ReverseProxy.Configuration;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Puts the reader web app's routes under <see cref="WebPageCachePolicy"/>, whatever the proxy configuration lists for
/// them, so that the pages' cache cannot be lost by a route being renamed or added in configuration.
/// </summary>
internal sealed class WebPageCacheRoute : IProxyConfigFilter
{
    public const string WebCluster = "web";

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route.ClusterId == WebCluster && route.OutputCachePolicy is null
            ? route with { OutputCachePolicy = WebPageCachePolicy.Name }
            : route);
}
