using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace Nojor.Notifications.Subscriptions;

/// <summary>
/// Keeps subscribers' signing secrets encrypted at rest with ASP.NET Core Data Protection. The key ring lives in the
/// notification database (<c>data_protection_keys</c>), so every instance reads what any other wrote; a copy of the
/// subscriptions table alone (a dump, a replica, a log of rows) no longer hands out the keys that sign our alerts.
/// Production wraps the key ring itself with a certificate (<c>Subscriptions:KeyEncryptionCertificate</c>), so the
/// database alone does not open it either.
/// </summary>
/// <remarks>
/// Opening a secret costs tens of microseconds of CPU (a key derivation and two MACs), and every delivery is signed: an
/// alert to ten thousand subscribers opened ten thousand secrets, and the next alert opened them all again. Secrets opened
/// lately are kept in memory, by their stored form, for at most <see cref="KeptFor"/> (the key ring they are opened
/// with is held in this process's memory anyway). A rotated secret has a new stored form, so nothing stale is ever
/// used; a revoked key stops opening secrets once their entries expire.
/// </remarks>
public sealed class SigningSecretProtector(IDataProtectionProvider provider) : IDisposable
{
    /// <summary>The purpose string: a payload protected for anything else cannot be unprotected here, nor ours elsewhere.</summary>
    public const string Purpose = "Nojor.Notifications.Subscriptions.SigningSecret.v1";

    /// <summary>
    /// Opened secrets kept at most (about a kilobyte each with its stored form as the key, so some 20 MB when full); past
    /// it, a secret is opened again when it is needed.
    /// </summary>
    public const int MostKept = 20_000;

    /// <summary>How long an opened secret is kept after it was opened, however often it is used.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);
    private readonly MemoryCache _opened = new(new MemoryCacheOptions { SizeLimit = MostKept });

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>
    /// The secret from its stored form. A plain <c>whsec_</c> value is a row an older instance wrote during a rolling
    /// upgrade (or before the startup pass encrypted it): it is used as it is, and encrypted at the next start.
    /// </summary>
    public string Unprotect(string stored)
    {
        if (IsPlain(stored))
        {
            return stored;
        }
        if (_opened.TryGetValue(stored, out string? opened) && opened is not null)
        {
            return opened;
        }
        var secret = _protector.Unprotect(stored);
        _opened.Set(stored, secret, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = KeptFor });
        return secret;
    }

    /// <summary>The secrets that sign a message sent at <paramref name="now"/>, decrypted.</summary>
    public IReadOnlyList<string> SigningSecrets(Subscription subscription, DateTimeOffset now) =>
        [.. subscription.ProtectedSigningSecrets(now).Select(Unprotect)];

    public static bool IsPlain(string stored) => stored.StartsWith(SubscriptionTokens.SecretPrefix, StringComparison.Ordinal);

    public void Dispose() => _opened.Dispose();
}
