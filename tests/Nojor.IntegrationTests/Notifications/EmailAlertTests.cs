using System.Text.RegularExpressions;
using MimeKit;
using Nojor.IntegrationTests.Gateway;
using Npgsql;
using static Nojor.IntegrationTests.Notifications.NotificationClient;
using static Nojor.Testing.Eventually;
using static Nojor.Testing.WebhookSubscriptions;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>
/// E-mail alerts end to end on the real platform: subscribing through the API, the confirmation link opened in the reader
/// web app, alerts written to the AppHost's SMTP sink, and the RFC 8058 one-click unsubscribe a mail service would POST.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class EmailAlertTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    private const string ConfirmationSubject = "Confirm your Nojor e-mail alerts";
    private ArticleEventPublisher _publisher = null!;
    private MailSinkReader _mail = null!;

    public async Task InitializeAsync()
    {
        _publisher = await ArticleEventPublisher.StartAsync(platform);
        _mail = new MailSinkReader(platform.App);
    }

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task A_confirmed_reader_gets_a_breaking_alert_with_both_parts_and_one_click_stops_the_next()
    {
        var tag = Tag();
        var reader = Address("reader");
        var control = Address("control");
        await SubscribeAsync(reader, new { tags = new[] { tag } });
        await SubscribeAsync(control, new { tags = new[] { tag } });

        // Double opt-in: an alert raised before the reader confirms reaches only the confirmed control address.
        await ConfirmThroughWebAsync(control);
        var early = TestData.Unique("Ferry crossings halted by a winter gale");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(early) with { Tags = [tag] });
        await _mail.WaitForAsync(control, early, Timeout);
        Assert.DoesNotContain(await _mail.ForAsync(reader), m => About(m, early));

        var page = await ConfirmThroughWebAsync(reader);
        Assert.Contains("E-mail alerts are on", page, StringComparison.Ordinal);

        var headline = TestData.Unique("Bridge closed after a landslide upstream");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(headline) with { Tags = [tag] });
        var alert = await _mail.WaitForAsync(reader, headline, Timeout);
        Assert.Equal($"Breaking: {headline}", alert.Subject);
        Assert.Equal(reader, alert.To.Mailboxes.Single().Address);
        Assert.Equal("auto-generated", alert.Headers["Auto-Submitted"]);
        var body = Assert.IsType<MultipartAlternative>(alert.Body);
        Assert.Equal(["text/plain", "text/html"], body.Select(p => p.ContentType.MimeType).ToArray());
        Assert.Contains(headline, alert.TextBody, StringComparison.Ordinal);
        Assert.Contains("Summary in our own words.", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains(headline, alert.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Read the report on Nojor", alert.HtmlBody, StringComparison.Ordinal);

        // RFC 2369/8058: one signed https-or-http URL on our own origin, and the one-click marker.
        Assert.Equal("List-Unsubscribe=One-Click", alert.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = new Uri(UnsubscribeHeader().Match(alert.Headers["List-Unsubscribe"] ?? "").Groups[1].Value);
        Assert.Equal(platform.GatewayAddress.Authority, unsubscribe.Authority);
        Assert.Equal("/alerts/email/unsubscribe", unsubscribe.AbsolutePath);
        Assert.Contains(unsubscribe.AbsoluteUri, alert.TextBody, StringComparison.Ordinal);

        // What a mail service sends: a bare POST, no cookie, no anti-forgery token, no Origin.
        using (var mailService = new HttpClient())
        {
            var oneClick = await mailService.PostAsync(unsubscribe,
                new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
            Assert.Contains("E-mail alerts are off", await oneClick.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The next alert reaches the control address; by then the reader would have had it too.
        var next = TestData.Unique("Second landslide warning for the valley road");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(next) with { Tags = [tag] });
        await _mail.WaitForAsync(control, next, Timeout);
        Assert.DoesNotContain(await _mail.ForAsync(reader), m => About(m, next));
        Assert.Equal(0, await CountSubscriptionsAsync(reader));
    }

    [Fact]
    public async Task Quiet_hours_hold_a_routine_e_mail_alert_but_not_a_flash_one()
    {
        var tag = Tag();
        var reader = Address("night");
        var now = TimeOnly.FromDateTime(DateTime.UtcNow);
        await SubscribeAsync(reader, new { tags = new[] { tag } },
            new { timeZone = "Etc/UTC", start = now.AddHours(-1).ToString("HH:mm"), end = now.AddHours(2).ToString("HH:mm") });
        await ConfirmThroughWebAsync(reader);

        var routine = TestData.Unique("Council publishes the winter budget");
        var flash = TestData.Unique("Strong earthquake shakes the coast");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(routine, urgency: 2) with { Tags = [tag] });
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(flash, urgency: 1) with { Tags = [tag] });

        await _mail.WaitForAsync(reader, flash, Timeout);
        await EventuallyAsync(async () => await HeldUntilAsync(reader) > DateTimeOffset.UtcNow.AddMinutes(50), Timeout,
            "the routine alert's e-mail held until the quiet hours end");
        Assert.DoesNotContain(await _mail.ForAsync(reader), m => About(m, routine));
    }

    [Fact]
    public async Task Invalid_addresses_and_forged_links_are_refused_with_problems_and_readable_pages_and_nothing_is_stored()
    {
        foreach (var address in new[] { "", "no-at-sign.example.org", "two@@example.org", "Reader <r@example.org>", "r@localhost",
            new string('a', 250) + "@example.org", "r@example.org\r\nBcc: x@example.org" })
        {
            var response = await platform.Gateway.PostAsJsonAsync("/api/subscriptions/email", new { address });
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("address", out _), $"the address “{address}” is named as the problem");
        }
        var badFilters = await platform.Gateway.PostAsJsonAsync("/api/subscriptions/email",
            new { address = Address("filters"), filters = new { minimumUrgency = 9 }, quietHours = new { timeZone = "Mars/Olympus", start = "22:00", end = "06:00" } });
        var filterProblem = await ProblemAssert.IsProblemAsync(badFilters, HttpStatusCode.BadRequest);
        Assert.True(filterProblem.GetProperty("errors").TryGetProperty("quietHours.timeZone", out _));
        Assert.Equal(0, await CountSubscriptionsAsync("filters"));

        // A token that was never signed by us, and a real one cut short, are refused alike.
        var reader = Address("forger");
        await SubscribeAsync(reader);
        var link = MailSinkReader.ConfirmationLink(await _mail.WaitForAsync(reader, ConfirmationSubject, Timeout));
        var real = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        foreach (var token in new[] { "CfDJ8forged-token-that-nobody-signed", real[..^6] })
        {
            await ProblemAssert.IsProblemAsync(
                await platform.Gateway.PostAsJsonAsync("/api/subscriptions/email/confirm", new { token }), HttpStatusCode.BadRequest);
            await ProblemAssert.IsProblemAsync(
                await platform.Gateway.PostAsJsonAsync("/api/subscriptions/email/unsubscribe", new { token }), HttpStatusCode.BadRequest);
        }
        // A confirmation token is no unsubscribe token.
        await ProblemAssert.IsProblemAsync(
            await platform.Gateway.PostAsJsonAsync("/api/subscriptions/email/unsubscribe", new { token = real }), HttpStatusCode.BadRequest);

        // The pages: a readable refusal with its status, never a stack trace.
        using var browser = Browser();
        var forgedConfirm = await browser.PostAsync("/alerts/email/confirm?token=forged",
            new FormUrlEncodedContent([new("token", "forged")]));
        Assert.Equal(HttpStatusCode.BadRequest, forgedConfirm.StatusCode);
        Assert.Contains("This link does not work", await forgedConfirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forgedOneClick = await browser.PostAsync("/alerts/email/unsubscribe?token=forged",
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, forgedOneClick.StatusCode);
        Assert.Contains("This link does not work", await forgedOneClick.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var formPage = await browser.GetStringAsync("/alerts/email");
        var badForm = await browser.PostAsync("/alerts/email", new FormUrlEncodedContent(
            [new("Form.Address", "not an address"), new("__af", AntiforgeryToken(formPage))]));
        Assert.Equal(HttpStatusCode.BadRequest, badForm.StatusCode);
        Assert.Contains("Enter an e-mail address such as reader@example.org.", await badForm.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The forged attempts changed nothing: the reader's one subscription still waits for its confirmation.
        Assert.Equal(1, await CountSubscriptionsAsync(reader));
    }

    [Fact]
    public async Task A_daily_digest_collects_the_days_alerts_on_the_followed_story_and_nothing_else()
    {
        // The fixture makes a "day" ten seconds long, so a test can see one end.
        var story = new Contracts.StoryReference(Guid.NewGuid(), "harbour-strike-" + Guid.NewGuid().ToString("N")[..6], "Harbour strike");
        var reader = Address("digest");
        await SubscribeAsync(reader, new { stories = new[] { story.StoryId } }, frequency: "daily");
        await ConfirmThroughWebAsync(reader);

        var first = ArticleEventPublisher.Breaking(TestData.Unique("Dock workers walk out at the harbour"), story: story);
        var second = ArticleEventPublisher.Breaking(TestData.Unique("Ferries stay in port as the strike spreads"), story: story);
        var elsewhere = TestData.Unique("Orchestra announces its spring season");
        await _publisher.PublishAsync(first);
        await _publisher.PublishAsync(second);
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(elsewhere));
        await _publisher.PublishAsync(ArticleEventPublisher.Correction(second, "The number of ferries was wrong."));

        var digests = new List<MimeMessage>();
        await EventuallyAsync(async () =>
        {
            digests = [.. (await _mail.ForAsync(reader)).Where(m => About(m, "Your Nojor digest"))];
            var text = string.Concat(digests.Select(d => d.TextBody));
            return text.Contains(first.Headline, StringComparison.Ordinal) && text.Contains("Correction: " + second.Headline, StringComparison.Ordinal);
        }, Timeout, "a digest listing both reports on the followed story, the second as corrected");

        var all = string.Concat(digests.Select(d => d.TextBody));
        Assert.DoesNotContain(elsewhere, all, StringComparison.Ordinal);
        // One entry per report: the correction replaced the breaking alert of the same report.
        Assert.DoesNotContain("Breaking: " + second.Headline, all, StringComparison.Ordinal);
        Assert.All(digests, d => Assert.Equal("List-Unsubscribe=One-Click", d.Headers["List-Unsubscribe-Post"]));
        Assert.All(digests, d => Assert.Contains(first.Headline.Split(' ')[0], d.HtmlBody ?? "", StringComparison.Ordinal));
        // A digest reader gets no e-mail per alert.
        Assert.DoesNotContain(await _mail.ForAsync(reader), m => About(m, "Breaking: "));
    }

    [Fact]
    public async Task An_address_the_mail_server_refuses_for_good_is_disabled_with_the_servers_reason()
    {
        // The sink answers 550 for the reserved refused.invalid domain, as a mail server does for a mailbox that does not exist.
        var refused = $"gone-{Guid.NewGuid():N}@refused.invalid";
        await SubscribeAsync(refused);
        string? reason = null;
        await EventuallyAsync(async () =>
        {
            await using var connection = await OpenAsync();
            await using var command = new NpgsqlCommand(
                """SELECT "DisabledReason" FROM email_subscriptions WHERE "AddressKey" = @key AND NOT "IsActive" """, connection);
            command.Parameters.AddWithValue("key", refused);
            reason = await command.ExecuteScalarAsync() as string;
            return reason is not null;
        }, Timeout, "the refused address disabled");
        Assert.Contains("550", reason, StringComparison.Ordinal);
        Assert.Empty(await _mail.ForAsync(refused));
    }

    private async Task SubscribeAsync(string address, object? filters = null, object? quietHours = null, string? frequency = null)
    {
        var response = await platform.Gateway.PostAsJsonAsync("/api/subscriptions/email", new { address, filters, quietHours, frequency });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Opens the confirmation link from the mail in the reader web app and presses its button, as a reader does.</summary>
    private async Task<string> ConfirmThroughWebAsync(string address)
    {
        var link = MailSinkReader.ConfirmationLink(await _mail.WaitForAsync(address, ConfirmationSubject, Timeout));
        Assert.Equal(platform.GatewayAddress.Authority, link.Authority);
        using var browser = Browser();
        var page = await browser.GetStringAsync(link);
        Assert.Contains("Confirm and start my e-mail alerts", page, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        var confirmed = await browser.PostAsync(link, new FormUrlEncodedContent([new("token", token), new("__af", AntiforgeryToken(page))]));
        var html = await confirmed.Content.ReadAsStringAsync();
        Assert.True(confirmed.StatusCode == HttpStatusCode.OK, $"confirming answered {(int)confirmed.StatusCode}: {html}");
        return html;
    }

    private HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = platform.GatewayAddress,
    };

    private static string AntiforgeryToken(string page) => AntiforgeryField().Match(page).Groups[1].Value;

    private static bool About(MimeMessage message, string headline) => message.Subject?.Contains(headline, StringComparison.Ordinal) == true;

    private async Task<DateTimeOffset?> HeldUntilAsync(string address)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT max(d."NextAttemptAt") FROM email_deliveries d JOIN email_subscriptions s ON s."Id" = d."SubscriptionId"
            WHERE s."AddressKey" = @key AND d."Status" = 'Pending' AND d."Kind" <> 'email.confirmation'
            """, connection);
        command.Parameters.AddWithValue("key", address.ToLowerInvariant());
        return await command.ExecuteScalarAsync() is DateTime held ? new DateTimeOffset(held, TimeSpan.Zero) : null;
    }

    private async Task<long> CountSubscriptionsAsync(string addressPart)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM email_subscriptions WHERE "AddressKey" LIKE @pattern""", connection);
        command.Parameters.AddWithValue("pattern", "%" + addressPart.ToLowerInvariant() + "%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        return connection;
    }

    private static string Address(string who) => $"{who}-{Guid.NewGuid().ToString("N")[..10]}@example.org";

    private static string Tag() => "e-" + Guid.NewGuid().ToString("N")[..8];

    [GeneratedRegex("^<([^>]+)>$")]
    private static partial Regex UnsubscribeHeader();

    [GeneratedRegex("name=\"__af\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
