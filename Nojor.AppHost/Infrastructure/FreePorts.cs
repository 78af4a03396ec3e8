using System.Net;
using System.Net.Sockets;

namespace Nojor.AppHost.Infrastructure;

internal static class FreePorts
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it), for endpoints that bind their own port.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
