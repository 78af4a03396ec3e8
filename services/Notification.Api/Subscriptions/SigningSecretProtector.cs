using Microsoft.AspNetCore.DataProtection;

namespace Nojor.Notifications.Subscriptions;

/// <summary>
/// Keeps subscribers' signing secrets encrypted at rest with ASP.NET Core Data Protection. The key ring lives in the
/// notification database (<c>data_protection_keys</c>), so every instance reads what any other wrote; a copy of the
/// subscriptions table alone (a dump, a replica, a log of rows) no longer hands out the keys that sign our alerts.
/// Production wraps the key ring itself with a certificate (<c>Subscriptions:KeyEncryptionCertificate</c>), so the
/// database alone does not open it either.
/// </summary>
public sealed class SigningSecretProtector(IDataProtectionProvider provider)
{
    /// <summary>The purpose string: a payload protected for anything else cannot be unprotected here, nor ours elsewhere.</summary>
    public const string Purpose = "Nojor.Notifications.Subscriptions.SigningSecret.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>
    /// The secret from its stored form. A plain <c>whsec_</c> value is a row an older instance wrote during a rolling
    /// upgrade (or before the startup pass encrypted it): it is used as it is, and encrypted at the next start.
    /// </summary>
    public string Unprotect(string stored) => IsPlain(stored) ? stored : _protector.Unprotect(stored);

    /// <summary>The secrets that sign a message sent at <paramref name="now"/>, decrypted.</summary>
    public IReadOnlyList<string> SigningSecrets(Subscription subscription, DateTimeOffset now) =>
        [.. subscription.ProtectedSigningSecrets(now).Select(Unprotect)];

    public static bool IsPlain(string stored) => stored.StartsWith(SubscriptionTokens.SecretPrefix, StringComparison.Ordinal);
}
