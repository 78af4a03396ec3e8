using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Nojor.Notifications.Push;

namespace Nojor.UnitTests.Notifications.Push;

/// <summary>Our RFC 8291 encryption against the RFC's own worked example (section 5 and appendix A).</summary>
public sealed class WebPushEncryptionTests
{
    private const string AsPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string AsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string UaPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";

    private const string ExpectedBody =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_" +
        "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    [Fact]
    public void The_rfc_example_message_encrypts_to_the_body_the_rfc_gives()
    {
        using var sender = Sender();

        var body = WebPushEncryption.Encrypt(Encoding.UTF8.GetBytes("When I grow up, I want to be a watermelon"),
            Base64Url.DecodeFromChars(UaPublic), Base64Url.DecodeFromChars(AuthSecret), sender, Base64Url.DecodeFromChars(Salt));

        Assert.Equal(ExpectedBody, Base64Url.EncodeToString(body));
    }

    [Fact]
    public void Every_message_gets_a_fresh_salt_and_sender_key()
    {
        var plaintext = Encoding.UTF8.GetBytes("The same alert twice");
        var first = WebPushEncryption.Encrypt(plaintext, Base64Url.DecodeFromChars(UaPublic), Base64Url.DecodeFromChars(AuthSecret));
        var second = WebPushEncryption.Encrypt(plaintext, Base64Url.DecodeFromChars(UaPublic), Base64Url.DecodeFromChars(AuthSecret));

        Assert.NotEqual(first[..16], second[..16]);
        Assert.NotEqual(first[21..86], second[21..86]);
    }

    [Fact]
    public void A_key_that_is_not_a_point_on_the_curve_is_not_a_valid_browser_key()
    {
        Assert.True(WebPushEncryption.IsValidPublicKey(Base64Url.DecodeFromChars(UaPublic)));
        Assert.False(WebPushEncryption.IsValidPublicKey([0x04, .. Enumerable.Repeat((byte)7, 64)]));
        Assert.False(WebPushEncryption.IsValidPublicKey(Base64Url.DecodeFromChars(UaPublic)[..33]));
    }

    [Fact]
    public void A_message_larger_than_one_push_record_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextLength + 1],
            Base64Url.DecodeFromChars(UaPublic), Base64Url.DecodeFromChars(AuthSecret)));
    }

    private static ECDiffieHellman Sender()
    {
        var publicKey = Base64Url.DecodeFromChars(AsPublic);
        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64Url.DecodeFromChars(AsPrivate),
            Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..] },
        });
    }
}
