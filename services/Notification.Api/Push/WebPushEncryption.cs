using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Nojor.Notifications.Push;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): a fresh P-256 key pair and salt
/// per message, the key agreed with the browser's public key and mixed with its auth secret, one record. Written on the
/// base class library alone (ECDH, HKDF, AES-GCM), so no third-party crypto package sits on the alert path.
/// </summary>
public static class WebPushEncryption
{
    /// <summary>The record size we declare; one record holds the whole message.</summary>
    public const int RecordSize = 4096;

    /// <summary>
    /// Push services must accept 4096 bytes of body (RFC 8030 7.2): header (86) + ciphertext + tag (16) + delimiter (1).
    /// </summary>
    public const int MaxPlaintextLength = RecordSize - HeaderLength - TagLength - 1;

    public const int PublicKeyLength = 65;
    public const int AuthSecretLength = 16;
    private const int SaltLength = 16;
    private const int TagLength = 16;
    private const int HeaderLength = SaltLength + 4 + 1 + PublicKeyLength;

    private static readonly byte[] KeyInfoPrefix = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] CekInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] NonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    /// <summary>Encrypts <paramref name="plaintext"/> for the browser holding the private half of <paramref name="userAgentPublicKey"/>.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> userAgentPublicKey, ReadOnlySpan<byte> authSecret)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Encrypt(plaintext, userAgentPublicKey, authSecret, ephemeral, RandomNumberGenerator.GetBytes(SaltLength));
    }

    /// <summary>The same with the sender's key pair and salt given: RFC 8291's worked example is checked this way.</summary>
    internal static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> userAgentPublicKey, ReadOnlySpan<byte> authSecret,
        ECDiffieHellman sender, byte[] salt)
    {
        if (plaintext.Length > MaxPlaintextLength)
        {
            throw new ArgumentException($"A push message holds at most {MaxPlaintextLength} bytes.", nameof(plaintext));
        }
        if (authSecret.Length != AuthSecretLength)
        {
            throw new ArgumentException("The auth secret is 16 bytes.", nameof(authSecret));
        }
        using var userAgent = ImportPublicKey(userAgentPublicKey);
        var senderPublic = ExportPublicKey(sender);
        var ecdhSecret = sender.DeriveRawSecretAgreement(userAgent.PublicKey);

        // RFC 8291 3.3/3.4: the auth secret and both public keys are bound into the input keying material.
        var keyInfo = new byte[KeyInfoPrefix.Length + (2 * PublicKeyLength)];
        KeyInfoPrefix.CopyTo(keyInfo, 0);
        userAgentPublicKey.CopyTo(keyInfo.AsSpan(KeyInfoPrefix.Length));
        senderPublic.CopyTo(keyInfo, KeyInfoPrefix.Length + PublicKeyLength);
        var prkKey = HKDF.Extract(HashAlgorithmName.SHA256, ecdhSecret, authSecret.ToArray());
        var ikm = HKDF.Expand(HashAlgorithmName.SHA256, prkKey, 32, keyInfo);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, CekInfo);
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, NonceInfo);

        var body = new byte[HeaderLength + plaintext.Length + 1 + TagLength];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(SaltLength, 4), RecordSize);
        body[SaltLength + 4] = PublicKeyLength;
        senderPublic.CopyTo(body, SaltLength + 5);

        // The last (only) record ends with the delimiter 0x02 and no padding.
        var record = new byte[plaintext.Length + 1];
        plaintext.CopyTo(record);
        record[^1] = 2;
        using var aes = new AesGcm(cek, TagLength);
        aes.Encrypt(nonce, record, body.AsSpan(HeaderLength, record.Length), body.AsSpan(HeaderLength + record.Length, TagLength));
        return body;
    }

    /// <summary>Whether <paramref name="key"/> is an uncompressed P-256 point on the curve, as a browser's p256dh key is.</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> key)
    {
        try
        {
            using var imported = ImportPublicKey(key);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ECDiffieHellman ImportPublicKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != PublicKeyLength || key[0] != 0x04)
        {
            throw new ArgumentException("A P-256 public key is 65 bytes, uncompressed (0x04, X, Y).");
        }
        // ImportParameters validates the point: one off the curve is refused (an invalid-curve attack needs one).
        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = key[1..33].ToArray(), Y = key[33..].ToArray() },
        });
    }

    internal static byte[] ExportPublicKey(ECAlgorithm key)
    {
        var point = key.ExportParameters(false).Q;
        return [0x04, .. point.X!, .. point.Y!];
    }
}
