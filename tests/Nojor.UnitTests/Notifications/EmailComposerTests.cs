using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MimeKit;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Email;
using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public sealed class EmailComposerTests
{
    private static readonly EmailOptions Settings = new() { PublicBaseUrl = new Uri("https://news.example.org") };
    private readonly EmailLinks _links = new(new EphemeralDataProtectionProvider(), Options.Create(Settings), TimeProvider.System);

    private static readonly EmailSubscription Reader = new()
    {
        Id = Guid.NewGuid(),
        Address = "reader@example.org",
        AddressKey = "reader@example.org",
        ConfirmedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void An_alert_has_a_text_and_an_html_part_and_one_signed_one_click_unsubscribe_link()
    {
        var message = Compose(AlertTypes.Breaking, "Floods <close> the coast road & the bridge");

        Assert.Equal("Breaking: Floods <close> the coast road & the bridge", message.Subject);
        var parts = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], parts.Select(p => p.ContentType.MimeType).ToArray());
        // The headline is encoded in the HTML, never markup.
        Assert.Contains("Floods &lt;close&gt; the coast road &amp; the bridge", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<close>", message.HtmlBody, StringComparison.Ordinal);

        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var header = message.Headers["List-Unsubscribe"]!;
        var link = new Uri(header.Trim('<', '>'));
        Assert.Equal("https://news.example.org/alerts/email/unsubscribe", link.GetLeftPart(UriPartial.Path));
        Assert.Equal(Reader.Id, _links.ReadUnsubscribe(Uri.UnescapeDataString(link.Query["?token=".Length..])));
        // The body's link is the header's (each protection differs, so this fails if they were made apart).
        Assert.Contains(link.AbsoluteUri, message.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
    }

    [Fact]
    public void A_confirmation_carries_its_link_and_no_unsubscribe_headers()
    {
        var delivery = new EmailDelivery
        {
            Id = EmailDelivery.NewId(DateTimeOffset.UtcNow),
            Kind = EmailDelivery.ConfirmationKind,
            Payload = "",
            SubscriptionId = Reader.Id,
        };
        var message = new EmailComposer(_links, Options.Create(Settings)).Compose(delivery, Reader);

        Assert.Equal("Confirm your Nojor e-mail alerts", message.Subject);
        Assert.Contains("https://news.example.org/alerts/email/confirm?token=", message.TextBody, StringComparison.Ordinal);
        Assert.Null(message.Headers["List-Unsubscribe"]);
        Assert.Equal($"<{delivery.Id}@news.example.org>", "<" + message.MessageId + ">");
    }

    [Theory]
    [InlineData("reader@example.org", true)]
    [InlineData("first.last+news@sub.example.co.uk", true)]
    [InlineData("", false)]
    [InlineData("reader", false)]
    [InlineData("reader@localhost", false)]
    [InlineData("Reader <reader@example.org>", false)]
    [InlineData("reader@example.org, other@example.org", false)]
    [InlineData("reader@example.org\r\nBcc: other@example.org", false)]
    public void Only_one_plain_address_with_a_real_domain_is_accepted(string address, bool accepted) =>
        Assert.Equal(accepted, EmailEndpoints.AddressProblem(address) is null);

    private MimeMessage Compose(string type, string headline)
    {
        var data = new AlertData
        {
            AlertId = "alr_1",
            ArticleId = Guid.NewGuid(),
            Slug = "floods",
            Headline = headline,
            Summary = "Our own summary.",
            Version = 1,
            Url = "https://news.example.org/articles/floods",
        };
        var delivery = new EmailDelivery
        {
            Id = EmailDelivery.NewId(DateTimeOffset.UtcNow),
            SubscriptionId = Reader.Id,
            Kind = type,
            Payload = new WebhookPayload<AlertData>(type, DateTimeOffset.UtcNow, data).ToJson(),
        };
        return new EmailComposer(_links, Options.Create(Settings)).Compose(delivery, Reader);
    }
}
