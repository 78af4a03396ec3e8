using System.Net;
using System.Net.Sockets;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// Connects webhook requests only to addresses the SSRF rules allow, checked on the address actually dialled: a host
/// that resolved to a public address when the subscription was made and to an internal one now (DNS rebinding) is
/// refused at send time. The webhook client never uses a proxy (see <c>AddWebhookDelivery</c>), so the host checked
/// here is always the subscriber's, never a proxy's.
/// </summary>
public sealed class GuardedConnector(WebhookTargetPolicy policy, GuardedConnector.Resolver? resolve = null)
{
    /// <summary>Looks a host name up; the system resolver unless a test supplies its own.</summary>
    public delegate Task<IPAddress[]> Resolver(string host, CancellationToken cancellationToken);

    private readonly Resolver _resolve = resolve ?? Dns.GetHostAddressesAsync;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken);
        var addresses = resolved.Where(policy.Allows).ToArray();
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"The host '{host}' resolves to no address webhooks may be sent to.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
