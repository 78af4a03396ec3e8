using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Which peers may tell a process who the client is. <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are taken from
/// a request only when it came from a known proxy (<c>ForwardedHeaders:KnownProxies</c>, addresses, and
/// <c>ForwardedHeaders:KnownNetworks</c>, CIDR ranges); from anyone else they are ignored, so a caller reaching a
/// process directly cannot claim to be another client and spend someone else's budget (or get a fresh one per request).
/// Only the hop the known proxy itself added is read (<c>ForwardLimit</c> 1): what the client wrote before it is not
/// trusted either.
/// </summary>
public static class TrustedProxies
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>
    /// Reads the known proxies from configuration. <paramref name="trustLoopback"/>: whether loopback is a known proxy
    /// when nothing is configured, as for the services locally (the gateway and the web app run beside them). The
    /// gateway, the platform's front door, trusts nobody unless its ingress is configured.
    /// </summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder, bool trustLoopback)
    {
        if (TrustsEveryPeer(builder.Configuration))
        {
            return builder;
        }
        var section = builder.Configuration.GetSection(SectionName);
        builder.Services.Configure<ForwardedHeadersOptions>(options => Configure(options, section, trustLoopback));
        return builder;
    }

    /// <summary>
    /// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>: the deployment vouches that only its proxies can reach the process (a
    /// network policy admits nothing else), and the framework itself then reads the forwarded headers from every peer.
    /// The configured lists are not needed, and applying them as well would undo that.
    /// </summary>
    public static bool TrustsEveryPeer(IConfiguration configuration) => configuration.GetValue("FORWARDEDHEADERS_ENABLED", false);

    /// <summary>Applies the known proxies in <paramref name="section"/> to <paramref name="options"/>, replacing the framework's defaults.</summary>
    public static void Configure(ForwardedHeadersOptions options, IConfiguration section, bool trustLoopback)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        foreach (var proxy in proxies.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
        }
        foreach (var network in networks.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        }
        if (trustLoopback && proxies.Length == 0 && networks.Length == 0)
        {
            options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Loopback, 8));
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
        }
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
        {
            // With both lists empty the middleware would believe every peer: no known proxy means no forwarded header read.
            options.ForwardedHeaders = ForwardedHeaders.None;
        }
    }

    /// <summary>Replaces the connection's remote address (and scheme) with the forwarded ones where the peer is a known proxy.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) =>
        TrustsEveryPeer(app.ApplicationServices.GetRequiredService<IConfiguration>()) ? app : app.UseForwardedHeaders();
}
