using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// Connects webhook requests only to addresses the SSRF policy allows, checked on the address
/// actually dialled: a host that resolved to a public address when the subscription was made and
/// to an internal one now (DNS rebinding) is refused at send time.
/// </summary>
public sealed class GuardedConnector(IOptions<WebhookOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!options.Value.AllowPrivateTargets)
        {
            addresses = addresses.Where(a => !WebhookUrlPolicy.IsInternal(a)).ToArray();
        }
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
