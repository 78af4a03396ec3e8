using System.Text.Json;
using System.Text.RegularExpressions;
using Nojor.Contracts;

namespace Nojor.IntegrationTests.Notifications.Push;

/// <summary>
/// The reader web app's /alerts/push page, driven as a browser drives it: the form posts the subscription the browser's
/// script put into it (here, the test user agent's), the page keeps the management token in a cookie, shows what this
/// browser gets, and turns it off with a plain form.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class PushPageTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ArticleEventPublisher _publisher = null!;

    public async Task InitializeAsync() => _publisher = await ArticleEventPublisher.StartAsync(platform);

    public async Task DisposeAsync() => await _publisher.DisposeAsync();

    [Fact]
    public async Task A_reader_turns_on_alerts_for_a_section_gets_one_while_no_page_is_open_and_turns_them_off_without_javascript()
    {
        await using var browser = await TestPushUserAgent.StartAsync();
        using var reader = Reader();
        var page = await reader.GetStringAsync("/alerts/push");
        var key = (await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/notifications/push/key")).GetProperty("publicKey").GetString();
        Assert.Contains($"data-application-server-key=\"{key}\"", page);

        var subscription = JsonSerializer.Serialize(browser.SubscriptionJson());
        var turnedOn = await PostAsync(reader, "/alerts/push?handler=subscribe", page,
            [new("Subscription", subscription), new("Form.Sections", "science")]);
        Assert.Equal(HttpStatusCode.SeeOther, turnedOn.StatusCode);
        var shown = await reader.GetStringAsync("/alerts/push");
        Assert.Contains("This browser gets alerts", shown);
        Assert.Contains("the sections Science", shown);

        var wanted = TestData.Unique("Telescope spots a comet heading for the inner planets");
        var other = TestData.Unique("Markets close higher on the week");
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(other, section: "business"));
        await _publisher.PublishAsync(ArticleEventPublisher.Breaking(wanted, section: "science"));
        await browser.WaitForHeadlineAsync(wanted, Timeout);
        // The business alert was raised too (its deliveries are staged in the same commit): none of them is for this browser.
        var otherAlert = await Eventually.EventuallyAsync(() => AlertIdAsync(other), Timeout, "the business alert");
        Assert.Equal(0L, await DeliveryCountAsync(browser.Endpoint, otherAlert));

        var turnedOff = await PostAsync(reader, "/alerts/push?handler=cancel", shown, []);
        Assert.Equal(HttpStatusCode.SeeOther, turnedOff.StatusCode);
        var after = await reader.GetStringAsync("/alerts/push");
        Assert.DoesNotContain("This browser gets alerts", after);
        Assert.Contains("are off for this browser", after);
    }

    [Fact]
    public async Task A_form_posted_without_a_browser_subscription_is_refused_with_a_readable_page()
    {
        using var reader = Reader();
        var page = await reader.GetStringAsync("/alerts/push");

        var refused = await PostAsync(reader, "/alerts/push?handler=subscribe", page, [new("Form.Sections", "science")]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("did not give us a push subscription", await refused.Content.ReadAsStringAsync());
    }

    private async Task<string?> AlertIdAsync(string headline) =>
        await QueryAsync("""SELECT "Id" FROM alerts WHERE "Payload" LIKE @value""", "%" + headline + "%", null) as string;

    private async Task<long> DeliveryCountAsync(string endpoint, string alertId) =>
        (long)(await QueryAsync("""
            SELECT count(*) FROM webhook_deliveries d JOIN subscriptions s ON s."Id" = d."SubscriptionId"
            WHERE d."AlertId" = @other AND s."Url" = @value
            """, endpoint, alertId))!;

    private async Task<object?> QueryAsync(string sql, string value, string? other)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("value", value);
        if (other is not null)
        {
            command.Parameters.AddWithValue("other", other);
        }
        return await command.ExecuteScalarAsync();
    }

    private HttpClient Reader() => new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = platform.GatewayAddress,
    };

    /// <summary>Posts a form of <paramref name="page"/> with its anti-forgery token, from this origin as a browser would.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient reader, string path, string page, List<KeyValuePair<string, string>> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", AntiforgeryToken().Match(page).Groups[1].Value)]),
        };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return await reader.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
