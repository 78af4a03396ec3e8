using Nojor.AppHost.Infrastructure;

namespace Nojor.AppHost;

internal static class ServiceEndpoints
{
    /// <summary>
    /// An HTTP endpoint the service binds itself, without the orchestrator's proxy in front of it. Every request
    /// through that proxy paid an extra loopback hop (and the gateway's paid two), which showed up in every latency
    /// and throughput benchmark; we run one process per service, so the proxy's replica balancing is not needed.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDirectHttpEndpoint(this IResourceBuilder<ProjectResource> project, int? port = null)
    {
        var chosen = port ?? FreePorts.Next();
        return project.WithHttpEndpoint(port: chosen, targetPort: chosen, isProxied: false);
    }
}
