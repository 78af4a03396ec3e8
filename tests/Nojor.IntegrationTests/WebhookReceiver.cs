using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nojor.IntegrationTests;

/// <summary>One POST the receiver got, and the status code it answered with.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt, int AnsweredWith = StatusCodes.Status200OK);

/// <summary>A subscriber's endpoint on loopback, recording every POST it gets.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> All { get; } = new();

    /// <summary>Status code the endpoint answers with; tests can flip it to simulate a failing subscriber.</summary>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var status = receiver.StatusCode;
            var webhook = new ReceivedWebhook(headers, body, DateTimeOffset.UtcNow, status);
            receiver.All.Enqueue(webhook);
            receiver._received.Writer.TryWrite(webhook);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/hook";
        return receiver;
    }

    /// <summary>The next webhook whose body contains <paramref name="marker"/>, or a failure after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(string marker, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var webhook = await _received.Reader.ReadAsync(cts.Token);
                if (webhook.Body.Contains(marker, StringComparison.Ordinal))
                {
                    return webhook;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No webhook containing '{marker}' arrived within {timeout.TotalSeconds} s.");
        }
    }

    /// <summary>
    /// A webhook whose body contains <paramref name="marker"/>, whether it already came or comes within
    /// <paramref name="timeout"/>. Unlike <see cref="WaitForAsync"/> it consumes nothing, so webhooks arriving in any
    /// order can be awaited one after another.
    /// </summary>
    public async Task<ReceivedWebhook> ReceivedAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (All.FirstOrDefault(w => w.Body.Contains(marker, StringComparison.Ordinal)) is { } webhook)
            {
                return webhook;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No webhook containing '{marker}' arrived within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
