using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Nojor.Gateway.Proxy;

/// <summary>
/// The handler YARP forwards through. Connections to the services are pooled and kept warm between bursts instead of
/// re-handshaking; a connect that does not succeed quickly fails fast so the client gets a 503 rather than a hang.
/// </summary>
internal sealed class GatewayHttpClientFactory(IOptions<UpstreamOptions> upstream) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = upstream.Value.ConnectTimeout;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
        // Renewed now and then, so a service instance that moved is found again through discovery.
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
    }
}
