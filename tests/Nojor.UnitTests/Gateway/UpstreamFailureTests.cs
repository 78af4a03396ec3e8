using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Gateway.Proxy;
using Yarp.ReverseProxy.Configuration;

namespace Nojor.UnitTests.Gateway;

/// <summary>
/// A real YARP pipeline with the gateway's upstream-failure handling, in front of a port nothing listens on.
/// (Stopping a service of the shared integration platform is not an option: Aspire would not restart it reliably.)
/// </summary>
public sealed class UpstreamFailureTests
{
    [Fact]
    public async Task An_unreachable_service_is_a_quick_503_problem_with_retry_after()
    {
        await using var gateway = await StartGatewayAsync(ClosedPort());
        using var client = new HttpClient { BaseAddress = gateway.Address };

        var started = Stopwatch.StartNew();
        var response = await client.GetAsync("/api/feedback/42");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_service_that_drops_one_request_is_a_502_problem_not_a_claim_that_it_is_unavailable()
    {
        // Accepts every connection and closes it without answering: up, but failing this request (as a NUL in a path once did).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var dropping = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await listener.AcceptTcpClientAsync(stop.Token);
                var buffer = new byte[4096];
                _ = await connection.GetStream().ReadAsync(buffer, stop.Token);
            }
        });
        await using var gateway = await StartGatewayAsync(((IPEndPoint)listener.LocalEndpoint).Port);
        using var client = new HttpClient { BaseAddress = gateway.Address };

        var response = await client.GetAsync("/api/feedback/42");
        await stop.CancelAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.RetryAfter);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropping);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // released again when disposed: nothing listens there
    }

    private static async Task<RunningGateway> StartGatewayAsync(int upstreamPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<UpstreamOptions>();
        builder.Services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "feedback", ClusterId = "feedback", Match = new RouteMatch { Path = "/api/feedback/{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "feedback",
                Destinations = new Dictionary<string, DestinationConfig> { ["down"] = new() { Address = $"http://127.0.0.1:{upstreamPort}" } },
            }]);
        var app = builder.Build();
        app.MapReverseProxy(proxy => proxy.Use(UpstreamProblemMiddleware.InvokeAsync));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningGateway(app, new Uri(address));
    }

    private sealed record RunningGateway(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
