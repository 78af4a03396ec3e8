using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nojor.IntegrationTests.Notifications;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Web;

/// <summary>Webhook subscriptions from the browser: register, the secret once, the delivery log, the actions, refusals.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class SubscriptionTests(PlatformFixture platform, BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_reader_registers_a_webhook_sees_the_secret_once_and_pings_rotates_pauses_resumes_and_deletes_it()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/alerts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Register a webhook", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Register a webhook");

        await page.GetByLabel("Webhook address").FillAsync(_receiver.Url);
        await page.GetByLabel("World", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Places").FillAsync("Tajikistan/Khatlon");
        await page.GetByLabel("Urgency").SelectOptionAsync("2");
        await page.GetByLabel("Time zone").FillAsync("Asia/Dushanbe");
        await page.GetByLabel("From", new() { Exact = true }).FillAsync("23:00");
        await page.GetByLabel("Until", new() { Exact = true }).FillAsync("06:30");
        var created = await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }));

        var id = SubscriptionPath().Match(page.Url).Groups["id"].Value;
        Assert.NotEmpty(id);
        Assert.Equal(200, created.Status);
        Assert.DoesNotContain("nst_", page.Url, StringComparison.Ordinal);
        await Expect(Confirmation(page)).ToContainTextAsync("registered");
        await Expect(page.GetByText("Copy it now: it will not be shown again.")).ToBeVisibleAsync();
        var secret = await page.Locator("#signing-secret").InnerTextAsync();
        Assert.StartsWith("whsec_", secret);
        await Expect(page.Locator(".sub-settings")).ToContainTextAsync("World");
        await Expect(page.Locator(".sub-settings")).ToContainTextAsync("Tajikistan/Khatlon");
        await Expect(page.Locator(".sub-settings")).ToContainTextAsync("23:00 to 06:30, Asia/Dushanbe");
        await AssertManagementCookieAsync(page, id);

        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your webhook");
        await Expect(page.Locator("#signing-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        // The ping's delivery appears in the log with the receiver's answer, refreshed by the page's script.
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send a test ping" }));
        await Expect(Confirmation(page)).ToContainTextAsync("test ping is on its way");
        var ping = await _receiver.WaitForAsync(id, DeliveryTimeout);
        Assert.Equal("webhook.ping", NotificationClient.Type(ping));
        NotificationClient.Verify(ping, secret);
        var delivered = page.Locator(".delivery[data-status=delivered]", new() { HasText = "Test ping" });
        await Expect(delivered).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(delivered.Locator(".attempt-status")).ToHaveTextAsync("200");
        await Expect(delivered.Locator("code").First).ToHaveTextAsync(ping.Headers["webhook-id"]);

        // Rotating shows the new secret once; the next ping is signed with it.
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Rotate the signing secret" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your new signing secret" })).ToBeVisibleAsync();
        var rotated = await page.Locator("#signing-secret").InnerTextAsync();
        Assert.StartsWith("whsec_", rotated);
        Assert.NotEqual(secret, rotated);
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send a test ping" }));
        var secondPing = await _receiver.WaitForAsync(id, DeliveryTimeout);
        NotificationClient.Verify(secondPing, rotated);
        await Expect(page.Locator("#signing-secret")).ToHaveCountAsync(0);

        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Pause deliveries" }));
        await Expect(page.Locator(".sub-summary .sub-state")).ToHaveTextAsync("Paused");
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Resume deliveries" }));
        await Expect(page.Locator(".sub-summary .sub-state")).ToHaveTextAsync("Delivering");

        // Deleting asks for a confirmation first.
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Delete the webhook" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tick the box to confirm");
        await page.GetByLabel("Yes, delete this webhook and its delivery log").CheckAsync();
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Delete the webhook" }));
        Assert.EndsWith("/alerts/subscriptions", page.Url);
        await Expect(Confirmation(page)).ToContainTextAsync("deleted");
        await Expect(page.GetByText("This browser manages no webhooks.")).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name.StartsWith("nojor_sub_", StringComparison.Ordinal));

        var gone = await page.GotoAsync($"/alerts/subscriptions/{id}");
        Assert.Equal(403, gone!.Status);
    }

    [Fact]
    public async Task A_reader_with_a_reader_cookie_and_no_javascript_registers_a_webhook_and_refreshes_the_log_by_hand()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        // A reader who has rated or commented holds the reader cookie: their forms must carry a valid anti-forgery token.
        await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "nojor_reader", Value = "rdr_" + Guid.NewGuid().ToString("N"), Url = platform.GatewayAddress.ToString() }]);
        await page.GotoAsync("/alerts/subscriptions/new");
        await page.GetByLabel("Webhook address").FillAsync(_receiver.Url);
        await page.GetByLabel("Breaking alerts only").CheckAsync();
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }));
        var id = SubscriptionPath().Match(page.Url).Groups["id"].Value;
        Assert.NotEmpty(id);
        Assert.StartsWith("whsec_", await page.Locator("#signing-secret").InnerTextAsync());
        await Expect(page.Locator(".sub-settings")).ToContainTextAsync("Yes");

        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send a test ping" }));
        await Expect(page.Locator(".delivery", new() { HasText = "Test ping" })).ToHaveCountAsync(1);
        await _receiver.WaitForAsync(id, DeliveryTimeout);
        var delivered = page.Locator(".delivery[data-status=delivered]", new() { HasText = "Test ping" });
        // The receiver has answered; the attempt is recorded as it returns. Refresh by hand until the log shows it (bounded).
        for (var i = 0; i < 10 && await delivered.CountAsync() == 0; i++)
        {
            var refresh = page.GetByRole(AriaRole.Link, new() { Name = "Refresh the log" });
            var target = await refresh.GetAttributeAsync("href");
            await refresh.ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith(target!, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        }
        await Expect(delivered.Locator(".attempt-status")).ToHaveTextAsync("200");

        // The list shows it, and leads back to it.
        await page.GotoAsync("/alerts/subscriptions");
        await page.GetByRole(AriaRole.Link, new() { Name = _receiver.Url }).ClickAsync();
        Assert.Contains(id, page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_webhook_address_is_refused_beside_its_field_with_everything_typed_kept()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/alerts/subscriptions/new");
        await page.GetByLabel("Webhook address").FillAsync("not an address");
        await page.GetByLabel("Tags").FillAsync("border, valley");
        await page.GetByLabel("Sport", new() { Exact = true }).CheckAsync();
        var refused = await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }));

        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#url-error")).ToContainTextAsync("full web address");
        await Expect(page.GetByLabel("Webhook address")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "Enter a full web address" })).ToHaveAttributeAsync("href", "#url");
        await Expect(page.GetByLabel("Webhook address")).ToHaveValueAsync("not an address");
        await Expect(page.GetByLabel("Tags")).ToHaveValueAsync("border, valley");
        await Expect(page.GetByLabel("Sport", new() { Exact = true })).ToBeCheckedAsync();

        // The service's own refusals land beside their fields too.
        await page.GetByLabel("Webhook address").FillAsync("http://someone:secret@127.0.0.1:9/hook");
        await page.GetByLabel("Time zone").FillAsync("Mars/Olympus_Mons");
        await page.GetByLabel("From", new() { Exact = true }).FillAsync("22:00");
        await page.GetByLabel("Until", new() { Exact = true }).FillAsync("07:00");
        refused = await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#time-zone-error")).ToContainTextAsync("IANA name");
        await page.GetByLabel("Time zone").FillAsync("Europe/Oslo");
        refused = await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#url-error")).ToContainTextAsync("must not carry credentials");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Oslo");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name.StartsWith("nojor_sub_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_browser_without_the_key_is_refused_and_unknown_or_malformed_ids_are_not_found()
    {
        var subscription = await WebhookSubscriptions.SubscribeAsync(platform.Gateway, _receiver.Url);
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        var path = $"/alerts/subscriptions/{subscription.Id}";

        var absent = await page.GotoAsync(path);
        Assert.Equal(403, absent!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("This browser does not manage that webhook");

        // A post without the key changes nothing.
        var post = await page.Context.APIRequest.PostAsync(path + "?handler=pause");
        Assert.Equal(403, post.Status);
        var state = await WebhookSubscriptions.SendAsync(platform.Gateway, HttpMethod.Get, $"/api/subscriptions/{subscription.Id}", subscription.Token);
        Assert.False((await state.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("paused").GetBoolean());

        // A forged key is not accepted by the service: as far as this browser can tell there is no such webhook, and the key goes.
        await SetKeyAsync(page, subscription.Id, "nst_" + new string('A', 43));
        var forged = await page.GotoAsync(path);
        Assert.Equal(404, forged!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("No such webhook");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name.StartsWith("nojor_sub_", StringComparison.Ordinal));

        // The real key opens it.
        await SetKeyAsync(page, subscription.Id, subscription.Token);
        var managed = await page.GotoAsync(path);
        Assert.Equal(200, managed!.Status);
        await Expect(page.Locator(".sub-summary .sub-url")).ToHaveTextAsync(_receiver.Url);

        var unknown = Guid.CreateVersion7();
        await SetKeyAsync(page, unknown.ToString(), subscription.Token);
        var missing = await page.GotoAsync($"/alerts/subscriptions/{unknown}");
        Assert.Equal(404, missing!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("No such webhook");

        var malformed = await page.GotoAsync("/alerts/subscriptions/not-an-id");
        Assert.Equal(404, malformed!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
    }

    [Fact]
    public async Task A_reader_changes_a_webhooks_filters_and_address_and_the_new_address_waits_for_a_verification_that_can_be_sent_again()
    {
        await using var silent = await WebhookReceiver.StartAsync();
        silent.AnswersVerification = false;
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/alerts/subscriptions/new");
        await page.GetByLabel("Webhook address").FillAsync(_receiver.Url);
        await page.GetByLabel("World", new() { Exact = true }).CheckAsync();
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }));
        var id = SubscriptionPath().Match(page.Url).Groups["id"].Value;
        await _receiver.VerificationAsync(1, DeliveryTimeout);
        await ReloadUntilStateAsync(page, "Delivering");

        await page.GetByRole(AriaRole.Link, new() { Name = "Change the address, filters or quiet hours" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Change your webhook");
        await Expect(page.GetByLabel("Webhook address")).ToHaveValueAsync(_receiver.Url);
        await Expect(page.GetByLabel("World", new() { Exact = true })).ToBeCheckedAsync();
        await page.GetByLabel("World", new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("Sport", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Tags").FillAsync("harbour, ferry");
        await page.GetByLabel("Webhook address").FillAsync(silent.Url);
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }));

        Assert.EndsWith($"/alerts/subscriptions/{id}", page.Url);
        await Expect(Confirmation(page)).ToContainTextAsync("verification request");
        await Expect(page.Locator(".sub-summary .sub-url")).ToHaveTextAsync(silent.Url);
        await Expect(page.Locator(".sub-settings")).ToContainTextAsync("Sport");
        await Expect(page.Locator(".sub-settings")).ToContainTextAsync("harbour, ferry");
        await Expect(page.Locator(".sub-settings")).Not.ToContainTextAsync("World");

        // The new address answers without the challenge: the page says it is not verified, and why.
        await silent.VerificationAsync(1, DeliveryTimeout);
        await ReloadUntilStateAsync(page, "Not verified");
        await Expect(page.Locator("#verification")).ToContainTextAsync("did not pass verification");

        // Once it answers properly, asking again verifies it (the service allows one request every few seconds).
        silent.AnswersVerification = true;
        for (var i = 0; i < 20; i++)
        {
            await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send the verification request again" }));
            if (await Confirmation(page).CountAsync() > 0)
            {
                break;
            }
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many");
            await Task.Delay(500);
        }
        await Expect(Confirmation(page)).ToContainTextAsync("new verification request is on its way");
        await silent.VerificationAsync(2, DeliveryTimeout);
        await ReloadUntilStateAsync(page, "Delivering");
        await Expect(page.Locator("#verification")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Changing_a_webhook_from_a_browser_without_its_key_is_refused_and_a_bad_change_is_shown_beside_its_field()
    {
        var subscription = await WebhookSubscriptions.SubscribeAsync(platform.Gateway, _receiver.Url);
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        var edit = $"/alerts/subscriptions/{subscription.Id}/edit";

        var absent = await page.GotoAsync(edit);
        Assert.Equal(403, absent!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("This browser does not manage that webhook");

        await SetKeyAsync(page, subscription.Id, subscription.Token);
        await page.GotoAsync(edit);
        await page.GetByLabel("Time zone").FillAsync("Atlantis/Lost_City");
        await page.GetByLabel("From", new() { Exact = true }).FillAsync("22:00");
        await page.GetByLabel("Until", new() { Exact = true }).FillAsync("07:00");
        var refused = await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }));

        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#time-zone-error")).ToContainTextAsync("IANA name");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Atlantis/Lost_City");
        var stored = await WebhookSubscriptions.SendAsync(platform.Gateway, HttpMethod.Get, $"/api/subscriptions/{subscription.Id}", subscription.Token);
        Assert.Equal(System.Text.Json.JsonValueKind.Null,
            (await stored.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("quietHours").ValueKind);
    }

    [Fact]
    public async Task A_reader_who_reloads_a_webhooks_page_beyond_its_budget_is_told_to_wait_at_once()
    {
        var subscription = await WebhookSubscriptions.SubscribeAsync(platform.Gateway, _receiver.Url);
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await SetKeyAsync(page, subscription.Id, subscription.Token);

        // Each view reads the subscription and its log: the service's per-subscription budget runs out within the loop.
        IAPIResponse? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            var response = await page.APIRequest.GetAsync($"/alerts/subscriptions/{subscription.Id}");
            Assert.True(response.Status is 200 or 429, $"view {i} answered {response.Status}");
            refused = response.Status == 429 ? response : null;
        }

        Assert.NotNull(refused);
        Assert.StartsWith("text/html", refused.Headers["content-type"]);
        Assert.Contains("Too many requests", await refused.TextAsync());
    }

    /// <summary>Reloads the subscription's page until its state reads <paramref name="state"/> (the worker records outcomes as they come).</summary>
    private static async Task ReloadUntilStateAsync(IPage page, string state)
    {
        var badge = page.Locator(".sub-summary .sub-state");
        var url = page.Url.Split('#')[0];
        // The text as written (the badge's style shows it in capitals).
        for (var i = 0; i < 60 && (await badge.TextContentAsync())?.Trim() != state; i++)
        {
            await Task.Delay(250);
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        }
        await Expect(badge).ToHaveTextAsync(state);
    }

    /// <summary>Clicks a form's submit button and waits for the page it leads to; a successful POST must answer 303.</summary>
    private static async Task<IResponse> SubmitAsync(IPage page, ILocator button)
    {
        var seen = new List<string>();
        var arrived = new TaskCompletionSource<IResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Record(object? sender, IResponse response)
        {
            if (!response.Request.IsNavigationRequest)
            {
                return;
            }
            lock (seen)
            {
                seen.Add($"{response.Request.Method} {response.Url} {response.Status}");
            }
            if (response.Status is < 300 or >= 400)
            {
                arrived.TrySetResult(response);
            }
        }
        page.Response += Record;
        try
        {
            await button.ClickAsync();
            var response = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The page that answered has replaced the form's (waiting for "load" is unreliable here when JavaScript is off).
            await page.WaitForURLAsync(url => url.Split('#')[0] == response.Url, new() { WaitUntil = WaitUntilState.Commit });
            if (response.Request.RedirectedFrom is { } post)
            {
                Assert.Equal("POST", post.Method);
                Assert.Equal(303, (await post.ResponseAsync())!.Status);
            }
            return response;
        }
        catch (TimeoutException e)
        {
            lock (seen)
            {
                throw new Xunit.Sdk.XunitException($"No page came back from the form; navigations: {string.Join(" | ", seen)}; now at {page.Url}; {e}");
            }
        }
        finally
        {
            page.Response -= Record;
        }
    }

    /// <summary>The confirmation a subscription page shows after an action.</summary>
    private static ILocator Confirmation(IPage page) => page.Locator("main .notice.success");

    private static async Task AssertManagementCookieAsync(IPage page, string id)
    {
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "nojor_sub_" + Guid.Parse(id).ToString("N"));
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/alerts", cookie.Path);
        Assert.StartsWith("nst_", cookie.Value);
    }

    private Task SetKeyAsync(IPage page, string id, string token) =>
        page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie
        {
            Name = "nojor_sub_" + Guid.Parse(id).ToString("N"),
            Value = token,
            Domain = platform.GatewayAddress.Host,
            Path = "/alerts",
            HttpOnly = true,
            SameSite = SameSiteAttribute.Strict,
        }]);

    [GeneratedRegex("/alerts/subscriptions/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex SubscriptionPath();
}
