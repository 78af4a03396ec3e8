using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Web;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Desk;

/// <summary>
/// The reader pages' bars on every desk page (issue 14, quality): no serious or critical accessibility violation at
/// either width, a CSP without inline script and no inline script in the page, no caching, one h1 inside the landmarks,
/// and a screenshot of each page where the run says.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DeskQualityTests(PlatformFixture platform, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_desk_page_has_no_serious_or_critical_accessibility_violation_and_is_photographed_at_both_widths()
    {
        var pages = await DeskPagesAsync();
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        var failures = new List<string>();
        foreach (var width in BrowserFixture.Widths)
        {
            var signIn = await browser.NewPageAsync(platform.GatewayAddress, width);
            await signIn.GotoAsync("/desk/sign-in", new() { WaitUntil = WaitUntilState.NetworkIdle });
            failures.AddRange((await signIn.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"sign-in at {width} px: {v.Id} ({v.Impact}) {v.Help}"));
            await signIn.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"desk-sign-in-{width}.png"), FullPage = true });
            await signIn.Context.CloseAsync();

            var page = await DeskBrowser.SignInAsync(browser, platform, width: width);
            foreach (var (name, path) in pages)
            {
                await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
                var result = await page.RunAxe();
                failures.AddRange(result.Violations
                    .Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{name} at {width} px: {v.Id} ({v.Impact}) {v.Help}: "
                        + string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString() ?? n.Html))));
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                if (overflow > 0)
                {
                    failures.Add($"{name} at {width} px: {overflow} px wider than the screen");
                }
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"desk-{name}-{width}.png"), FullPage = true });
            }
            await page.Context.CloseAsync();
        }
        output.WriteLine($"Screenshots of every desk page at 360 and 1280 px: {BrowserFixture.ScreenshotFolder}");
        Console.WriteLine($"[web tests] screenshots of every desk page at 360 and 1280 px are in {BrowserFixture.ScreenshotFolder}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_desk_page_has_one_h1_no_inline_script_a_strict_csp_and_is_never_cached()
    {
        var failures = new List<string>();
        var page = await DeskBrowser.SignInAsync(browser, platform);
        foreach (var (name, path) in await DeskPagesAsync())
        {
            var document = await page.GotoAsync(path);
            var headers = await document!.AllHeadersAsync();
            if (!headers.TryGetValue("content-security-policy", out var csp) || !csp.Contains("script-src 'self'", StringComparison.Ordinal)
                || csp.Contains("unsafe-inline", StringComparison.Ordinal))
            {
                failures.Add($"{name}: content-security-policy is '{csp}'");
            }
            if (!headers.TryGetValue("cache-control", out var cacheControl) || cacheControl != "no-store")
            {
                failures.Add($"{name}: cache-control is '{cacheControl}'");
            }
            var inline = await page.Locator("script:not([src])").CountAsync();
            if (inline > 0)
            {
                failures.Add($"{name}: {inline} inline scripts");
            }
            if (await page.Locator("main h1").CountAsync() < 1 || await page.Locator("body > header h1").CountAsync() > 0)
            {
                failures.Add($"{name}: no h1 in main");
            }
            foreach (var landmark in new[] { "header", "main", "footer" })
            {
                if (await page.Locator($"body > {landmark}").CountAsync() != 1)
                {
                    failures.Add($"{name}: no {landmark} landmark");
                }
            }
            // Every form that posts carries the anti-forgery token.
            var posts = await page.Locator("form[method=post]").CountAsync();
            var tokens = await page.Locator("form[method=post] input[name=__af]").CountAsync();
            if (posts != tokens)
            {
                failures.Add($"{name}: {posts} forms post, {tokens} carry the anti-forgery token");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task A_keyboard_user_skips_to_the_content_and_files_a_draft_without_a_mouse()
    {
        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync("/desk/reports/new");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip-link")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();

        var headline = TestData.Unique("Snow closes the mountain pass");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Headline", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(headline);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Drivers are told to wait until morning.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).FocusAsync();
        await PageNavigation.RunAsync(page, () => page.Keyboard.PressAsync("Enter"));
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("The draft is filed");
        await Expect(page.Locator("h1")).ToHaveTextAsync(headline);
    }

    /// <summary>One of each desk page, with a report (published, so every action shows) and its history behind them.</summary>
    private async Task<IReadOnlyList<(string Name, string Path)>> DeskPagesAsync()
    {
        var editor = platform.EditorGateway();
        var (report, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Council approves the new school"),
            body: "The school opens in **August**.\n\nIt takes 400 pupils."));
        var id = report.GetProperty("id").GetString()!;
        var changed = ArticleClient.Report(report.GetProperty("headline").GetString()!, body: "The school opens in **September**.\n\nIt takes 400 pupils.");
        Assert.Equal(HttpStatusCode.OK, (await ArticleClient.SendAsync(editor, HttpMethod.Put, $"/api/articles/by-id/{id}", changed, ifMatch: etag)).StatusCode);
        // A breaking one too, for the panel of its alert's delivery counts.
        var (breaking, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Storm closes the coast road"),
            breaking: true, urgency: 1, tags: ["coast-road-" + Guid.NewGuid().ToString("N")[..8]]));
        return
        [
            ("reports", "/desk"),
            ("file", "/desk/reports/new"),
            ("report", $"/desk/reports/{id}"),
            ("history", $"/desk/reports/{id}/history"),
            ("breaking-report", $"/desk/reports/{breaking.GetProperty("id").GetString()}"),
            ("feedback", "/desk/feedback?status=all"),
            ("comments", "/desk/comments"),
            ("corrections", "/desk/corrections"),
            ("export", "/desk/export"),
        ];
    }
}
