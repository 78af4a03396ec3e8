using System.Security.Cryptography;
using System.Text;

namespace Nojor.Notifications.Subscriptions;

/// <summary>Secrets handed to subscribers: the webhook signing secret and the management token.</summary>
public static class SubscriptionTokens
{
    public const string SecretPrefix = "whsec_";
    public const string TokenHeader = "X-Subscription-Token";

    public static string NewSigningSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewManagementToken() => "nst_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool Matches(string? presented, byte[] storedHash) =>
        !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
