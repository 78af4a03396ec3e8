using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public sealed class EndpointVerificationTests
{
    private const string Challenge = "chl_0123456789abcdef";

    [Theory]
    [InlineData(Challenge)]
    [InlineData(" chl_0123456789abcdef\n")]
    [InlineData("""{"challenge":"chl_0123456789abcdef"}""")]
    [InlineData("""{ "challenge": "chl_0123456789abcdef", "ok": true }""")]
    public void An_answer_echoing_the_challenge_verifies(string answer) =>
        Assert.True(EndpointVerification.Echoes(Encoding.UTF8.GetBytes(answer), Challenge));

    [Theory]
    [InlineData("")]
    [InlineData("OK")]
    [InlineData("chl_0123456789abcdeX")]
    [InlineData("""{"challenge":"chl_other"}""")]
    [InlineData("""{"challenge":1}""")]
    [InlineData("{not json")]
    [InlineData("<html><body>chl_0123456789abcdef</body></html>")]
    public void Any_other_answer_does_not(string answer) =>
        Assert.False(EndpointVerification.Echoes(Encoding.UTF8.GetBytes(answer), Challenge));

    [Fact]
    public void Each_request_carries_a_new_challenge_and_clears_the_verified_mark()
    {
        var subscription = BreakingNewsHarness.Subscriber("http://hooks.example/in");
        var now = DateTimeOffset.UtcNow;
        var first = EndpointVerification.Begin(subscription, now);
        Assert.Null(subscription.VerifiedAt);
        Assert.Equal(subscription.VerificationChallenge, EndpointVerification.ChallengeOf(first.Payload!));
        var second = EndpointVerification.Begin(subscription, now);
        Assert.NotEqual(EndpointVerification.ChallengeOf(first.Payload!), EndpointVerification.ChallengeOf(second.Payload!));
        Assert.Equal(subscription.VerificationChallenge, EndpointVerification.ChallengeOf(second.Payload!));
        Assert.Equal(Nojor.Notifications.Alerts.AlertTypes.Verification, second.EventType);
        Assert.Equal(now, second.NextAttemptAt);
    }

    [Fact]
    public async Task Secrets_stored_in_plain_text_are_encrypted_and_still_sign_the_same()
    {
        await using var db = new NotificationDbContext(new DbContextOptionsBuilder<NotificationDbContext>()
            .UseInMemoryDatabase(Guid.NewGuid().ToString()).Options);
        using var protector = new SigningSecretProtector(new EphemeralDataProtectionProvider());
        var old = BreakingNewsHarness.Subscriber("http://hooks.example/old");
        var plainSecret = old.Secret;
        var plainPrevious = SubscriptionTokens.NewSigningSecret();
        old.PreviousSecret = plainPrevious;
        old.PreviousSecretExpiresAt = DateTimeOffset.UtcNow.AddHours(1);
        var recent = BreakingNewsHarness.Subscriber("http://hooks.example/new");
        recent.Secret = protector.Protect(recent.Secret);
        var alreadyProtected = recent.Secret;
        db.Subscriptions.AddRange(old, recent);
        await db.SaveChangesAsync();

        Assert.Equal(1, await SigningSecretsAtRest.ProtectStoredSecretsAsync(db, protector, CancellationToken.None));
        var stored = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == old.Id);
        Assert.DoesNotContain(plainSecret[SubscriptionTokens.SecretPrefix.Length..], stored.Secret);
        Assert.DoesNotContain(plainPrevious[SubscriptionTokens.SecretPrefix.Length..], stored.PreviousSecret);
        Assert.Equal([plainSecret, plainPrevious], protector.SigningSecrets(stored, DateTimeOffset.UtcNow));
        Assert.Equal(WebhookSigner.Sign(plainSecret, "msg_1", 1, "{}"), WebhookSigner.Sign(protector.Unprotect(stored.Secret), "msg_1", 1, "{}"));
        Assert.Equal(alreadyProtected, (await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == recent.Id)).Secret);
        // A second run finds nothing left to do.
        Assert.Equal(0, await SigningSecretsAtRest.ProtectStoredSecretsAsync(db, protector, CancellationToken.None));
    }
}
