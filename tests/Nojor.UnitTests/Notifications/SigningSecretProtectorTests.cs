using Microsoft.AspNetCore.DataProtection;
using Nojor.Notifications.Subscriptions;

namespace Nojor.UnitTests.Notifications;

public sealed class SigningSecretProtectorTests
{
    /// <summary>The real ephemeral Data Protection, counting how often a secret is actually decrypted.</summary>
    private sealed class CountingProvider : IDataProtectionProvider
    {
        private readonly EphemeralDataProtectionProvider _inner = new();

        public int Decrypted;

        public IDataProtector CreateProtector(string purpose) => new Counting(_inner.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector inner, CountingProvider owner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), owner);

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref owner.Decrypted);
                return inner.Unprotect(protectedData);
            }
        }
    }

    [Fact]
    public void A_secret_is_decrypted_once_and_then_served_from_memory()
    {
        var provider = new CountingProvider();
        using var protector = new SigningSecretProtector(provider);
        var secret = SubscriptionTokens.NewSigningSecret();
        var stored = protector.Protect(secret);

        Assert.Equal(secret, protector.Unprotect(stored));
        Assert.Equal(secret, protector.Unprotect(stored));
        Assert.Equal(secret, protector.Unprotect(stored));

        Assert.Equal(1, provider.Decrypted);
    }

    [Fact]
    public void A_rotated_secret_is_a_new_stored_form_and_opens_to_the_new_value()
    {
        var provider = new CountingProvider();
        using var protector = new SigningSecretProtector(provider);
        var first = SubscriptionTokens.NewSigningSecret();
        var second = SubscriptionTokens.NewSigningSecret();
        var firstStored = protector.Protect(first);
        var secondStored = protector.Protect(second);

        Assert.Equal(first, protector.Unprotect(firstStored));
        Assert.Equal(second, protector.Unprotect(secondStored));

        Assert.Equal(2, provider.Decrypted);
    }

    [Fact]
    public void A_stored_form_the_key_ring_cannot_open_still_fails_every_time()
    {
        using var protector = new SigningSecretProtector(new CountingProvider());
        var foreign = new SigningSecretProtector(new EphemeralDataProtectionProvider());
        var stored = foreign.Protect(SubscriptionTokens.NewSigningSecret());
        foreign.Dispose();

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(stored));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(stored));
    }

    [Fact]
    public void A_plain_secret_from_an_older_instance_is_used_as_it_is()
    {
        var provider = new CountingProvider();
        using var protector = new SigningSecretProtector(provider);
        var plain = SubscriptionTokens.NewSigningSecret();

        Assert.Equal(plain, protector.Unprotect(plain));
        Assert.Equal(0, provider.Decrypted);
    }
}
