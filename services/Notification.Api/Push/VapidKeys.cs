using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Nojor.Notifications.Push;

/// <summary>
/// The deployment's VAPID key pair (RFC 8292): its public half is the <c>applicationServerKey</c> browsers subscribe with,
/// and every push request carries a JWT signed with the private half, so a push service accepts our messages only, for
/// subscriptions made with our key. The key comes from a file (a mounted secret); a local run in Development creates the
/// file once per data folder, like the editors' signing key, and never anywhere else.
/// </summary>
public sealed class VapidKeys : IDisposable
{
    /// <summary>RFC 8292 allows at most 24 hours; 12 leaves room for clock skew at the push service.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    private readonly ECDsa _key;
    private readonly string _subject;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> _tokens = new(StringComparer.Ordinal);

    public VapidKeys(IOptions<PushOptions> options, IHostEnvironment environment, TimeProvider clock)
    {
        _subject = options.Value.Subject;
        _clock = clock;
        _key = Load(options.Value.VapidKeyFile!, environment.IsDevelopment());
        PublicKey = Base64Url.EncodeToString(WebPushEncryption.ExportPublicKey(_key));
    }

    /// <summary>The public key, base64url, uncompressed P-256 point: what the reader's browser subscribes with.</summary>
    public string PublicKey { get; }

    /// <summary>
    /// The <c>Authorization</c> header for a push to <paramref name="endpoint"/>: a token per push service origin, reused
    /// until half its lifetime has passed (one signature per push service, not per message).
    /// </summary>
    public string AuthorizationFor(Uri endpoint)
    {
        var audience = endpoint.GetLeftPart(UriPartial.Authority);
        var now = _clock.GetUtcNow();
        if (!_tokens.TryGetValue(audience, out var cached) || cached.RenewAt <= now)
        {
            cached = (Sign(audience, now + TokenLifetime), now + (TokenLifetime / 2));
            _tokens[audience] = cached;
        }
        return $"vapid t={cached.Token}, k={PublicKey}";
    }

    private string Sign(string audience, DateTimeOffset expires)
    {
        var header = Base64Url.EncodeToString("""{"typ":"JWT","alg":"ES256"}"""u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["sub"] = _subject,
        }));
        var signingInput = $"{header}.{claims}";
        // ES256 in JWS is the fixed-width r||s form, which is .NET's default (IEEE P1363) for SignData.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static ECDsa Load(string path, bool createIfMissing)
    {
        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw new InvalidOperationException(
                    $"The VAPID key file '{path}' (Push:VapidKeyFile) does not exist. Outside Development the key pair is generated once per " +
                    "deployment and mounted as a secret; see the README's Configuration section.");
            }
            Create(path);
        }
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new InvalidOperationException($"The VAPID key in '{path}' must be a P-256 (prime256v1) private key.");
        }
        return key;
    }

    private static void Create(string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first: theirs is the deployment's key, and both must sign with the same one.
        }
    }

    public void Dispose() => _key.Dispose();
}
