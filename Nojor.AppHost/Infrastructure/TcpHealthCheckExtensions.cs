using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nojor.AppHost.Infrastructure;

public static class TcpHealthCheckExtensions
{
    /// <summary>
    /// Healthy once something accepts TCP on 127.0.0.1:<paramref name="port"/>. Only meaningful for
    /// endpoints that are not proxied: the orchestrator's proxy would accept on the server's behalf.
    /// </summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> resource, int port) where T : IResource
    {
        var key = $"{resource.Resource.Name}-tcp";
        resource.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        });
        return resource.WithHealthCheck(key);
    }
}
