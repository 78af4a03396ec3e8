using System.Net;
using System.Net.Sockets;

namespace Nojor.AppHost.Infrastructure;

internal static class FreePorts
{
    private const int DefaultEphemeralStart = 32768;
    private const int PickBelowEphemeralRange = 12000;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback port nobody listens on right now, for endpoints that bind their own port. Not one the OS picks for
    /// bind(0): those come from the ephemeral range, which outgoing connections draw their local ports from too, and
    /// between picking a port and the server binding it (RabbitMQ takes seconds to boot) a client connection can take
    /// it, failing the start with "address in use". Ports just below that range are never handed to connections.
    /// </summary>
    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        var low = Math.Max(1024, ephemeralStart - PickBelowEphemeralRange);
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var port = Random.Shared.Next(low, ephemeralStart);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            var first = File.ReadAllText(range).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.TryParse(first, out var start) && start > 2048 ? start : DefaultEphemeralStart;
        }
        catch (IOException)
        {
            return DefaultEphemeralStart;
        }
        catch (UnauthorizedAccessException)
        {
            return DefaultEphemeralStart;
        }
    }
}
