using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nojor.IntegrationTests.Notifications.Push;

/// <summary>One push request as the push service received it, decrypted the way the browser would.</summary>
public sealed record ReceivedPush(IReadOnlyDictionary<string, string> Headers, byte[] Body, JsonElement Message, DateTimeOffset ReceivedAt, int AnsweredWith);

/// <summary>
/// A browser and its push service in one, on loopback: it makes its own P-256 key pair and auth secret as a browser does
/// for <c>pushManager.subscribe</c>, offers the subscription JSON a browser hands to a page, receives push requests at its
/// endpoint and decrypts them per RFC 8291 with its private key. Written apart from the service's encryption code, from
/// the RFC, so a mistake on the sending side cannot cancel out here.
/// </summary>
public sealed class TestPushUserAgent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _authSecret = RandomNumberGenerator.GetBytes(16);
    private readonly Channel<ReceivedPush> _received = Channel.CreateUnbounded<ReceivedPush>();
    private readonly ConcurrentQueue<int> _answers = new();

    private TestPushUserAgent(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedPush> All { get; } = new();

    /// <summary>The push endpoint, as a browser's push service would hand it out.</summary>
    public string Endpoint { get; private set; } = "";

    public byte[] PublicKey
    {
        get
        {
            var q = _key.ExportParameters(false).Q;
            return [0x04, .. q.X!, .. q.Y!];
        }
    }

    /// <summary>What <c>PushSubscription.toJSON()</c> gives a page: endpoint and base64url keys.</summary>
    public object SubscriptionJson(object? filters = null, object? quietHours = null) => new
    {
        endpoint = Endpoint,
        expirationTime = (object?)null,
        keys = new { p256dh = Base64Url.EncodeToString(PublicKey), auth = Base64Url.EncodeToString(_authSecret) },
        filters,
        quietHours,
    };

    /// <summary>Answers the next pushes with these status codes (then 201 Created, as push services answer), e.g. 429 then 201.</summary>
    public void AnswerNextWith(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
        {
            _answers.Enqueue(code);
        }
    }

    /// <summary>Seconds asked for in <c>Retry-After</c> when answering 429 or 5xx.</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    public static async Task<TestPushUserAgent> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // An address of its own in 127.0.0.0/8, as each browser's endpoint is its own.
        builder.WebHost.UseUrls($"http://127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var agent = new TestPushUserAgent(app);
        var path = "/push/" + Guid.NewGuid().ToString("N");
        app.MapPost(path, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var status = agent._answers.TryDequeue(out var next) ? next : StatusCodes.Status201Created;
            var push = new ReceivedPush(headers, body, agent.Decrypt(body), DateTimeOffset.UtcNow, status);
            agent.All.Enqueue(push);
            await agent._received.Writer.WriteAsync(push);
            if (status is StatusCodes.Status429TooManyRequests or >= 500)
            {
                context.Response.Headers.RetryAfter = agent.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        agent.Endpoint = address + path;
        return agent;
    }

    /// <summary>Waits for a push whose decrypted message satisfies <paramref name="match"/>.</summary>
    public async Task<ReceivedPush> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var seen = All.FirstOrDefault(p => match(p.Message));
            if (seen is not null)
            {
                return seen;
            }
            while (true)
            {
                var push = await _received.Reader.ReadAsync(cts.Token);
                if (match(push.Message))
                {
                    return push;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No push {what} within {timeout.TotalSeconds} s; got {All.Count} push(es).");
        }
    }

    public Task<ReceivedPush> WaitForHeadlineAsync(string headline, TimeSpan timeout) =>
        WaitForAsync(m => m.GetProperty("headline").GetString() == headline, timeout, $"with headline '{headline}'");

    /// <summary>RFC 8291 section 3 from the receiving side, on an aes128gcm (RFC 8188) body of one record.</summary>
    private JsonElement Decrypt(byte[] body)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var keyIdLength = body[20];
        var senderPublic = body[21..(21 + keyIdLength)];
        var ciphertext = body[(21 + keyIdLength)..];
        Assert.True(ciphertext.Length <= recordSize, "the message fits one record");

        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderPublic[1..33], Y = senderPublic[33..65] },
        });
        var ecdhSecret = _key.DeriveRawSecretAgreement(sender.PublicKey);
        var prkKey = HMACSHA256.HashData(_authSecret, ecdhSecret);
        var ikm = HMACSHA256.HashData(prkKey, (byte[])[.. "WebPush: info\0"u8, .. PublicKey, .. senderPublic, 0x01]);
        var prk = HMACSHA256.HashData(salt, ikm);
        var cek = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: aes128gcm\0"u8, 0x01])[..16];
        var nonce = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: nonce\0"u8, 0x01])[..12];

        var plaintext = new byte[ciphertext.Length - 16];
        using (var aes = new AesGcm(cek, 16))
        {
            aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], plaintext);
        }
        // The last record ends in 0x02 followed by zero padding (RFC 8188 2).
        var end = Array.FindLastIndex(plaintext, b => b != 0);
        Assert.Equal(2, plaintext[end]);
        return JsonDocument.Parse(Encoding.UTF8.GetString(plaintext, 0, end)).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
