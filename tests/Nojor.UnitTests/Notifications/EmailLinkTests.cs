using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nojor.Notifications.Email;

namespace Nojor.UnitTests.Notifications;

public sealed class EmailLinkTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
    private readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();

    private EmailLinks Links(IDataProtectionProvider? keys = null) =>
        new(keys ?? _keys, Options.Create(new EmailOptions { PublicBaseUrl = new Uri("https://news.example.org") }), _clock);

    [Fact]
    public void A_confirmation_link_names_its_subscription_on_the_reader_page_until_it_expires()
    {
        var id = Guid.NewGuid();
        var link = Links().ConfirmationUrl(id);
        Assert.Equal("https://news.example.org/alerts/email/confirm", link.GetLeftPart(UriPartial.Path));
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        Assert.Equal(id, Links().ReadConfirmation(token));

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.Null(Links().ReadConfirmation(token));
    }

    [Fact]
    public void Forged_damaged_and_foreign_tokens_name_no_subscription()
    {
        var token = Links().UnsubscribeToken(Guid.NewGuid());
        Assert.Null(Links().ReadUnsubscribe("not-a-token"));
        Assert.Null(Links().ReadUnsubscribe(token[..^4]));
        Assert.Null(Links().ReadUnsubscribe(""));
        Assert.Null(Links().ReadUnsubscribe(null));
        // Signed with another key ring: what a forger with their own keys could make.
        Assert.Null(Links().ReadUnsubscribe(Links(new EphemeralDataProtectionProvider()).UnsubscribeToken(Guid.NewGuid())));
    }

    [Fact]
    public void A_confirmation_token_does_not_unsubscribe_and_an_unsubscribe_token_does_not_confirm()
    {
        var id = Guid.NewGuid();
        Assert.Null(Links().ReadUnsubscribe(Links().ConfirmationToken(id)));
        Assert.Null(Links().ReadConfirmation(Links().UnsubscribeToken(id)));
        Assert.Equal(id, Links().ReadUnsubscribe(Links().UnsubscribeToken(id)));
    }
}
