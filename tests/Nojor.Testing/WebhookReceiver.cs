using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nojor.Testing;

/// <summary>One POST the receiver got, the status code it answered with and how long it held the answer back.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt, int AnsweredWith = StatusCodes.Status200OK,
    TimeSpan HeldFor = default)
{
    /// <summary>The query string it was sent to (<c>?subscriber=7</c>): many subscriptions can share one receiver.</summary>
    public string Query { get; init; } = "";
}

/// <summary>How a <see cref="WebhookReceiver"/> answers one message: a status code, after holding it back for <paramref name="Delay"/>.</summary>
public sealed record ScriptedAnswer(int StatusCode, TimeSpan Delay = default);

/// <summary>
/// A subscriber's endpoint on loopback, recording every POST it gets. It answers the service's verification request by
/// echoing the challenge, as a real subscriber's endpoint would (<see cref="AnswersVerification"/> turns that off); those
/// requests are kept apart (<see cref="Verifications"/>), so <see cref="All"/> holds the messages a test is about.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string VerificationType = "webhook.verification";

    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> All { get; } = new();

    /// <summary>The verification requests the endpoint got (answered or not), in order.</summary>
    public ConcurrentQueue<ReceivedWebhook> Verifications { get; } = new();

    /// <summary>Status code the endpoint answers with; tests can flip it to simulate a failing subscriber.</summary>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    /// <summary>
    /// Answers for the next messages (not verification requests), one each in order, before <see cref="StatusCode"/> takes
    /// over again: a subscriber's endpoint that fails in a set way, e.g. refuses, then answers too late, then recovers.
    /// </summary>
    public ConcurrentQueue<ScriptedAnswer> Script { get; } = new();

    /// <summary>How long it holds back each answer not scripted otherwise: a slow subscriber, so a fan-out takes a while.</summary>
    public TimeSpan Hold { get; set; }

    /// <summary>Counts the messages matching what a benchmark expects, and when the first and the last of them came.</summary>
    public Arrivals Arrivals { get; } = new();

    /// <summary>Whether it echoes the challenge of a verification request; off, it answers 200 with an empty body.</summary>
    public bool AnswersVerification { get; set; } = true;

    public string Url { get; private set; } = "";

    /// <summary>
    /// Starts a receiver on an address of its own in 127.0.0.0/8 (all of it is loopback on Linux), so every receiver is a
    /// host of its own, as real subscribers' endpoints are: the service caps subscriptions per target host.
    /// </summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            if (ChallengeOf(body) is { } challenge)
            {
                receiver.Verifications.Enqueue(new ReceivedWebhook(headers, body, DateTimeOffset.UtcNow));
                return receiver.AnswersVerification ? Results.Text(challenge) : Results.Ok();
            }
            var answer = receiver.Script.TryDequeue(out var scripted) ? scripted : new ScriptedAnswer(receiver.StatusCode, receiver.Hold);
            var webhook = new ReceivedWebhook(headers, body, DateTimeOffset.UtcNow, answer.StatusCode, answer.Delay)
            {
                Query = context.Request.QueryString.Value ?? "",
            };
            receiver.All.Enqueue(webhook);
            receiver._received.Writer.TryWrite(webhook);
            receiver.Arrivals.Record(body);
            if (answer.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(answer.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The sender gave up waiting, as the script meant it to.
                }
            }
            return Results.StatusCode(answer.StatusCode);
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

    /// <summary>Verification request number <paramref name="count"/> (from 1), whether it already came or comes within <paramref name="timeout"/>.</summary>
    public async Task<ReceivedWebhook> VerificationAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (Verifications.Count < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Verification request {count} did not arrive within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(50);
        }
        return Verifications.ElementAt(count - 1);
    }

    /// <summary>The challenge, if the body is a verification request.</summary>
    public static string? ChallengeOf(string body)
    {
        if (!body.Contains(VerificationType, StringComparison.Ordinal))
        {
            // Most bodies are alerts: not parsed twice (a fan-out benchmark sends thousands).
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("type", out var type) && type.GetString() == VerificationType
                ? json.RootElement.GetProperty("data").GetProperty("challenge").GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Remembers a subscription made for an endpoint (<see cref="WebhookSubscriptions.CreateAsync"/> does), so
    /// disposing its receiver deletes it: left behind, it would be retried against a dead port for the rest of the run.
    /// Kept by the receiver's URL without the query, so the subscriptions a test tells apart by a query (<c>?n=2</c>) go too.
    /// </summary>
    public static void Subscribed(string url, HttpClient gateway, string id, string token) =>
        Subscriptions.GetOrAdd(url.Split('?', 2)[0], _ => new ConcurrentQueue<(HttpClient, string, string)>()).Enqueue((gateway, id, token));

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<(HttpClient Gateway, string Id, string Token)>> Subscriptions =
        new(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (Subscriptions.TryRemove(Url, out var made))
        {
            foreach (var (gateway, id, token) in made)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/subscriptions/{id}");
                    request.Headers.Add(WebhookSubscriptions.TokenHeader, token);
                    using var _ = await gateway.SendAsync(request);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException)
                {
                    // The test deleted it itself, or its platform is already gone: nothing is left to retry.
                }
            }
        }
        await _app.DisposeAsync();
    }
}
