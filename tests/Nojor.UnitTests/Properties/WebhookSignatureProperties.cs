using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Properties;

public sealed class WebhookSignatureProperties
{
    private static readonly Gen<string> Secrets = Gen.Byte.Array[24, 64].Select(key => SubscriptionTokens.SecretPrefix + Convert.ToBase64String(key));
    private static readonly Gen<string> MessageIds = Gen.Guid.Select(id => "msg_" + id.ToString("N"));
    private static readonly Gen<long> Timestamps = Gen.Long[0, 4_102_444_800];
    private static readonly Gen<string> Bodies = Gen.Frequency((3, Generators.TrickyText), (1, Generators.AnyText));

    [Fact]
    public void A_signature_verifies_against_the_standard_webhooks_model_with_or_without_the_prefix() =>
        Gen.Select(Secrets, MessageIds, Timestamps, Bodies).Sample((secret, id, timestamp, body) =>
        {
            var signature = WebhookSigner.Sign(secret, id, timestamp, body);
            Assert.Equal(ModelSignature(secret, id, timestamp, body), signature);
            Assert.Equal(signature, WebhookSigner.Sign(secret[SubscriptionTokens.SecretPrefix.Length..], id, timestamp, body));
        });

    [Fact]
    public void Changing_any_single_byte_of_what_was_signed_makes_the_signature_fail() =>
        Gen.Select(Secrets, MessageIds, Timestamps, Bodies.Where(b => b.Length > 0), Gen.Int[0, int.MaxValue], Gen.Byte[1, 255])
            .Sample((secret, id, timestamp, body, at, flip) =>
            {
                var signature = WebhookSigner.Sign(secret, id, timestamp, body);
                // A receiver verifies the bytes it got: change one of them (XOR with a non-zero value) and verify again.
                var received = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
                received[at % received.Length] ^= flip;
                Assert.False(Verifies(secret, received, signature));
            });

    [Fact]
    public void Changing_any_single_byte_of_the_signature_makes_it_fail() =>
        Gen.Select(Secrets, MessageIds, Timestamps, Bodies, Gen.Int[0, int.MaxValue], Gen.Byte[1, 255])
            .Sample((secret, id, timestamp, body, at, flip) =>
            {
                var signature = Encoding.ASCII.GetBytes(WebhookSigner.Sign(secret, id, timestamp, body));
                signature[at % signature.Length] ^= flip;
                Assert.False(Verifies(secret, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"), Encoding.Latin1.GetString(signature)));
            });

    [Fact]
    public void Another_secret_never_verifies() =>
        Gen.Select(Secrets, Secrets, MessageIds, Timestamps, Bodies).Sample((secret, other, id, timestamp, body) =>
        {
            if (secret != other)
            {
                Assert.False(Verifies(other, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"), WebhookSigner.Sign(secret, id, timestamp, body)));
            }
        });

    /// <summary>The specification, independently: HMAC-SHA256 over "id.timestamp.body", keyed with the base64 after whsec_.</summary>
    private static string ModelSignature(string secret, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]),
            Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));

    /// <summary>What a receiver does: recompute over the bytes received and compare in constant time.</summary>
    private static bool Verifies(string secret, byte[] received, string signature)
    {
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), received));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
    }
}
