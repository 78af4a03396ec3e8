using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Nojor.Notifications;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public class WebhookUrlPolicyTests
{
    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")] // AWS, GCP, Azure metadata
    [InlineData("169.254.170.2")] // ECS task metadata
    [InlineData("100.100.100.200")] // Alibaba Cloud metadata, in carrier-grade NAT space
    [InlineData("192.0.0.192")] // Oracle Cloud metadata, in IETF protocol assignments
    [InlineData("198.18.0.1")] // benchmarking
    [InlineData("198.19.255.254")]
    [InlineData("192.0.2.1")] // documentation
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("fd00::1")]
    [InlineData("fd00:ec2::254")] // AWS metadata over IPv6
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("::")]
    [InlineData("::ffff:10.0.0.1")] // IPv4-mapped
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::7f00:1")] // NAT64 of 127.0.0.1: the translator's loopback, not ours
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("64:ff9b:1::a00:1")] // NAT64 local-use prefix
    [InlineData("2002:a9fe:a9fe::1")] // 6to4 of 169.254.169.254
    [InlineData("2002:7f00:1::1")] // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:101::1")] // 6to4 of 192.168.1.1
    [InlineData("2001::1")] // Teredo
    [InlineData("2001:db8::1")] // documentation
    [InlineData("::127.0.0.1")] // IPv4-compatible, deprecated
    [InlineData("100::1")] // discard-only
    public void Internal_addresses_are_refused_in_every_mode(string address)
    {
        Assert.Equal(TargetKind.Internal, WebhookTargetRules.Classify(IPAddress.Parse(address)));
        Assert.False(WebhookTargetRules.IsAllowed(IPAddress.Parse(address), allowLoopback: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.45.6.7")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_is_let_through_only_when_the_run_allows_it(string address)
    {
        Assert.Equal(TargetKind.Loopback, WebhookTargetRules.Classify(IPAddress.Parse(address)));
        Assert.True(WebhookTargetRules.IsAllowed(IPAddress.Parse(address), allowLoopback: true));
        Assert.False(WebhookTargetRules.IsAllowed(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("64:ff9b::5db8:d822")] // NAT64 of 93.184.216.34
    [InlineData("2002:5db8:d822::1")] // 6to4 of 93.184.216.34
    [InlineData("::ffff:93.184.216.34")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(WebhookTargetRules.IsAllowed(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("http://user:pass@example.com/hook")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data")]
    public async Task Refuses_urls_that_are_not_public_http(string url) =>
        Assert.NotNull(await Policy(allowLoopback: true, Environments.Production).FindProblemAsync(url, CancellationToken.None));

    [Fact]
    public async Task A_development_run_that_allows_loopback_lets_loopback_through_and_nothing_else_internal()
    {
        var policy = Policy(allowLoopback: true, Environments.Development);
        Assert.Null(await policy.FindProblemAsync("http://127.0.0.1:8080/hook", CancellationToken.None));
        Assert.Null(await policy.FindProblemAsync("http://[::1]:8080/hook", CancellationToken.None));
        Assert.NotNull(await policy.FindProblemAsync("http://10.0.0.8:8080/hook", CancellationToken.None));
        Assert.NotNull(await policy.FindProblemAsync("http://169.254.169.254/latest/meta-data", CancellationToken.None));
    }

    [Fact]
    public async Task Outside_development_loopback_is_refused_whatever_the_setting_says()
    {
        var policy = Policy(allowLoopback: true, Environments.Production);
        Assert.NotNull(await policy.FindProblemAsync("http://127.0.0.1:8080/hook", CancellationToken.None));
        Assert.NotNull(await policy.FindProblemAsync("http://localhost:8080/hook", CancellationToken.None));
    }

    [Fact]
    public async Task A_host_that_resolves_to_loopback_at_delivery_time_is_not_connected_to()
    {
        // A host that was public when subscribed and points at loopback now (DNS rebinding), against a real listener.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<IPAddress[]> Rebound(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { IPAddress.Loopback });

        using var guarded = Client(new GuardedConnector(Targets(allowLoopback: false, Environments.Production), Rebound));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync($"http://rebound.example:{port}/hook"));
        Assert.Contains("resolves to no address webhooks may be sent to", refused.Message);
        Assert.False(listener.Pending(), "the guard refused before connecting");

        // The same host while loopback is allowed (a local run) is connected to: the refusal above was the guard's.
        using var local = Client(new GuardedConnector(Targets(allowLoopback: true, Environments.Development), Rebound));
        using var stop = new CancellationTokenSource();
        var sending = local.GetAsync($"http://rebound.example:{port}/hook", stop.Token);
        using (var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.True(accepted.Connected);
        }
        // The listener never answers; the request is not needed any further.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task A_literal_metadata_address_is_not_connected_to_even_when_loopback_is_allowed()
    {
        using var local = Client(new GuardedConnector(Targets(allowLoopback: true, Environments.Development)));
        await Assert.ThrowsAsync<HttpRequestException>(() => local.GetAsync("http://169.254.169.254/latest/meta-data"));
    }

    [Fact]
    public void Deliveries_do_not_go_through_a_configured_proxy()
    {
        // Through HTTP(S)_PROXY the guard would check the proxy's address, and the proxy would dial whatever we asked.
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddSingleton<WebhookTargetPolicy>()
            .AddOptions()
            .AddWebhookDelivery()
            .BuildServiceProvider();
        var handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(WebhookDeliveryWorker.HttpClientName);
        while (handler is DelegatingHandler outer)
        {
            handler = outer.InnerHandler!;
        }
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(sockets.UseProxy);
        Assert.False(sockets.AllowAutoRedirect);
        Assert.NotNull(sockets.ConnectCallback);
    }

    private static HttpClient Client(GuardedConnector connector) =>
        new(new SocketsHttpHandler { UseProxy = false, ConnectCallback = connector.ConnectAsync }) { Timeout = TimeSpan.FromSeconds(10) };

    private static WebhookUrlPolicy Policy(bool allowLoopback, string environment) => new(Targets(allowLoopback, environment));

    private static WebhookTargetPolicy Targets(bool allowLoopback, string environment) =>
        new(Options.Create(new WebhookOptions { AllowLoopbackTargets = allowLoopback }), new HostingEnvironment { EnvironmentName = environment });
}
