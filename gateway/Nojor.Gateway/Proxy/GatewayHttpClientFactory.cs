using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Nojor.Gateway.Proxy;

/// <summary>
/// The handler YARP forwards through. Connections to the services are pooled and reused; a connect that does not
/// succeed quickly fails fast so the client gets a 503 rather than a hang.
/// </summary>
internal sealed class GatewayHttpClientFactory(IOptions<UpstreamOptions> upstream, IOptions<PerformanceOptions> performance)
    : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = upstream.Value.ConnectTimeout;
        if (performance.Value.Tuned)
        {
            // Keep warm connections around between bursts instead of re-handshaking.
            handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
            handler.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
        }
    }
}
