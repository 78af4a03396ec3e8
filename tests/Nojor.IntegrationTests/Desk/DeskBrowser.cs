using Microsoft.Playwright;
using Nojor.IntegrationTests.Web;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Desk;

/// <summary>Signing in to the newsroom desk in a fresh browser context, as an editor would locally (the development sign-in).</summary>
internal static class DeskBrowser
{
    public static async Task<IPage> SignInAsync(BrowserFixture browser, PlatformFixture platform, string role = "editor", int width = 1280,
        string name = "Desk Tester")
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, width);
        await page.GotoAsync("/desk/sign-in");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync());
        if (role != "reader")
        {
            await Expect(page.Locator("h1")).ToHaveTextAsync("Reports");
        }
        return page;
    }

    /// <summary>Opens a page again until the locator shows the text: for what arrives asynchronously (events, ingest batches).</summary>
    public static async Task ReloadUntilAsync(IPage page, string path, Func<ILocator> locator, string text, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            await page.GotoAsync(path);
            var found = locator();
            if (await found.CountAsync() > 0 && (await found.First.TextContentAsync() ?? "").Contains(text, StringComparison.Ordinal))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} did not show '{text}' within {seconds} s.");
            }
            await page.WaitForTimeoutAsync(500);
        }
    }

    public static async Task<string> SendIdeaAsync(PlatformFixture platform, string text)
    {
        var sent = await platform.Gateway.PostAsJsonAsync("/api/feedback", new { kind = "idea", text, page = "/desk-tests" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return text;
    }
}
