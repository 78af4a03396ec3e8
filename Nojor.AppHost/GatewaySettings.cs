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
}
