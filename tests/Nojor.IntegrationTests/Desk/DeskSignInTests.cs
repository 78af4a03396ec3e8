using Microsoft.Playwright;
using Nojor.IntegrationTests.Web;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Desk;

[Collection(PlatformCollection.Name)]
public sealed class DeskSignInTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task A_reader_opening_the_desk_gets_a_401_page_with_nothing_of_the_desk_and_signs_in_back_to_where_they_were()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        foreach (var path in new[] { "/desk", "/desk/reports/new", "/desk/feedback", "/desk/live?since=2020-01-01T00:00:00Z" })
        {
            var refused = await page.GotoAsync(path);
            Assert.Equal(401, refused!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to use the newsroom desk");
            Assert.DoesNotContain("File a report", await page.ContentAsync());
        }

        await page.GotoAsync("/desk/feedback");
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Sign in to the desk" }).ClickAsync());
        await page.GetByLabel("Name").FillAsync("Returning Editor");
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Beta feedback");
        await Expect(page.Locator("[data-desk-user]")).ToHaveTextAsync("Returning Editor");
    }

    [Fact]
    public async Task An_account_without_the_editor_role_gets_a_403_page_and_nothing_of_the_desk()
    {
        var page = await DeskBrowser.SignInAsync(browser, platform, role: "reader");
        var refused = await page.GotoAsync("/desk");
        Assert.Equal(403, refused!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("The newsroom desk is for editors");
        Assert.DoesNotContain("File a report", await page.ContentAsync());
        Assert.Equal(403, (await page.GotoAsync("/desk/comments"))!.Status);
    }

    [Fact]
    public async Task The_desk_session_is_an_http_only_strict_cookie_that_carries_no_readable_token_and_signing_out_ends_it()
    {
        var page = await DeskBrowser.SignInAsync(browser, platform);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "nojor_desk");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/desk", cookie.Path);
        // A JWT starts with the base64 of '{"': the cookie is data-protected, so the token inside it cannot be read from it.
        Assert.DoesNotContain("eyJ", cookie.Value);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.cookie.split(';').filter(c => c.trim().startsWith('nojor_desk')).length"));

        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to the newsroom desk");
        Assert.Equal(401, (await page.GotoAsync("/desk"))!.Status);
    }

    [Fact]
    public async Task A_desk_form_posted_without_its_anti_forgery_token_is_refused_with_a_readable_page_and_changes_nothing()
    {
        var page = await DeskBrowser.SignInAsync(browser, platform);
        var headline = TestData.Unique("Forged draft about the harbour");
        // The browser's own cookies (the desk session included), but no token from the form.
        var forged = await page.APIRequest.PostAsync("/desk/reports/new", new()
        {
            Form = page.APIRequest.CreateFormData().Set("Form.Headline", headline).Set("Form.Body", "Text.").Set("Form.Section", "news"),
            Headers = new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin" },
        });
        Assert.Equal(400, forged.Status);
        Assert.Contains("We could not read that request", await forged.TextAsync());

        await page.GotoAsync($"/desk?status=all&q={Uri.EscapeDataString(headline)}");
        await Expect(page.Locator("main")).ToContainTextAsync("No reports match.");
    }
}
