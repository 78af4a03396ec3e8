using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nojor.Feedback.RateLimiting;

namespace Nojor.UnitTests.Feedback;

/// <summary>Who the client is: X-Forwarded-For counts only when a known proxy (the gateway, the web app) sent it.</summary>
public sealed class ClientAddressTests
{
    [Fact]
    public void A_caller_reaching_the_service_directly_is_counted_as_itself_whatever_it_forwards()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.20.30.40");
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.9";
        Assert.Equal("10.20.30.40", FeedbackRateLimiting.ClientAddress(context));
    }

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.9", "203.0.113.9")] // the gateway or the web app, locally
    [InlineData("::1", "203.0.113.9", "203.0.113.9")]
    [InlineData("10.20.30.40", "203.0.113.9", "10.20.30.40")] // anyone else
    public async Task Locally_loopback_is_the_known_proxy(string peer, string forwarded, string expected) =>
        Assert.Equal(expected, await ClientSeenAsync(new Dictionary<string, string?>(), trustLoopback: true, peer, forwarded));

    [Fact]
    public async Task Configured_proxies_replace_loopback_and_only_the_hop_they_added_is_read()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.1.0.5",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.2.0.0/16",
        };
        Assert.Equal("198.51.100.7", await ClientSeenAsync(settings, trustLoopback: true, "10.1.0.5", "198.51.100.7"));
        Assert.Equal("198.51.100.7", await ClientSeenAsync(settings, trustLoopback: true, "10.2.3.4", "198.51.100.7"));
        // What the client itself wrote before the proxy's entry is not believed.
        Assert.Equal("198.51.100.7", await ClientSeenAsync(settings, trustLoopback: true, "10.2.3.4", "192.0.2.1, 198.51.100.7"));
        Assert.Equal("127.0.0.1", await ClientSeenAsync(settings, trustLoopback: true, "127.0.0.1", "198.51.100.7"));
    }

    [Fact]
    public async Task The_gateway_trusts_no_one_until_its_ingress_is_configured()
    {
        Assert.Equal("127.0.0.1", await ClientSeenAsync(new Dictionary<string, string?>(), trustLoopback: false, "127.0.0.1", "203.0.113.9"));
        var ingress = new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" };
        Assert.Equal("203.0.113.9", await ClientSeenAsync(ingress, trustLoopback: false, "10.0.0.12", "203.0.113.9"));
    }

    [Fact]
    public async Task The_forwarded_scheme_is_taken_from_a_known_proxy_only()
    {
        Assert.True(await IsHttpsAsync(trustLoopback: true, "127.0.0.1"));
        Assert.False(await IsHttpsAsync(trustLoopback: true, "10.20.30.40"));
    }

    private static async Task<string> ClientSeenAsync(Dictionary<string, string?> settings, bool trustLoopback, string peer, string forwarded)
    {
        var context = await RunAsync(settings, trustLoopback, peer, forwarded, proto: null);
        return context.Connection.RemoteIpAddress!.ToString();
    }

    private static async Task<bool> IsHttpsAsync(bool trustLoopback, string peer) =>
        (await RunAsync([], trustLoopback, peer, "203.0.113.9", proto: "https")).Request.IsHttps;

    /// <summary>Runs the forwarded-headers middleware the services and the gateway run, configured as they configure it.</summary>
    private static async Task<HttpContext> RunAsync(Dictionary<string, string?> settings, bool trustLoopback, string peer, string forwarded,
        string? proto)
    {
        var options = new ForwardedHeadersOptions();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        TrustedProxies.Configure(options, configuration.GetSection(TrustedProxies.SectionName), trustLoopback);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        context.Request.Scheme = "http";
        context.Request.Headers["X-Forwarded-For"] = forwarded;
        if (proto is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = proto;
        }
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(options));
        await middleware.Invoke(context);
        return context;
    }
}
