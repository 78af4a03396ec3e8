using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

internal static class GatewaySettings
{
    /// <summary>
    /// The gateway's public port, chosen before the services: e-mails carry links to the reader pages behind it.
    /// <c>Gateway:Port</c> (<c>Infrastructure/servers.ini</c>); <c>0</c> picks a free one.
    /// </summary>
    public static int Port(IConfiguration configuration) =>
        configuration.GetValue<int?>("Gateway:Port") is int port and > 0 ? port : Infrastructure.FreePorts.Next();

    /// <summary>
    /// <c>Gateway:Performance:Mode=baseline</c>: the untuned configuration the benchmark compares against, which ran with
    /// workstation GC and without the read cache.
    /// </summary>
    public static IResourceBuilder<BuiltProjectResource> WithPerformanceMode(this IResourceBuilder<BuiltProjectResource> gateway, IConfiguration configuration)
    {
        if (string.Equals(configuration["Gateway:Performance:Mode"], "baseline", StringComparison.OrdinalIgnoreCase))
        {
            gateway.WithEnvironment("DOTNET_gcServer", "0");
            gateway.WithSetting("Gateway:ReadCache:Enabled", "false");
        }
        return gateway;
    }
}
