using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Web;

/// <summary>
/// The bars every page type must clear (issue 13, quality bars): no serious or critical accessibility violation,
/// a light first load from this origin only, one h1 inside the landmarks, the security headers, and a screenshot
/// at both widths for a human to look at.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PageQualityTests(PlatformFixture platform, BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Transferred bytes (HTML, CSS, JS with headers) of a first load, by page type; the rest get the front page's.</summary>
    private const long ReportPageBudget = 60 * 1024;
    private const long OtherPageBudget = 100 * 1024;

    [Fact]
    public async Task Every_page_type_has_no_serious_or_critical_accessibility_violation_at_either_width()
    {
        var failures = new List<string>();
        foreach (var pageType in await PageTypes.WithContentAsync(platform))
        {
            foreach (var width in BrowserFixture.Widths)
            {
                var page = await browser.NewPageAsync(platform.GatewayAddress, width);
                await page.GotoAsync(pageType.Path);
                var result = await page.RunAxe();
                failures.AddRange(result.Violations
                    .Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{pageType.Name} at {width} px: {v.Id} ({v.Impact}) {v.Help}: "
                        + string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString() ?? n.Html))));
                await page.Context.CloseAsync();
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_page_type_loads_light_from_this_origin_alone_with_one_h1_and_the_security_headers()
    {
        var origin = platform.GatewayAddress.GetLeftPart(UriPartial.Authority);
        var failures = new List<string>();
        foreach (var pageType in await PageTypes.WithContentAsync(platform))
        {
            var page = await browser.NewPageAsync(platform.GatewayAddress);
            var responses = new List<IResponse>();
            page.Response += (_, response) => responses.Add(response);
            var document = await page.GotoAsync(pageType.Path, new() { WaitUntil = WaitUntilState.NetworkIdle });

            long transferred = 0;
            foreach (var response in responses)
            {
                var sizes = await response.Request.SizesAsync();
                transferred += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
                if (!response.Url.StartsWith(origin, StringComparison.Ordinal))
                {
                    failures.Add($"{pageType.Name}: a request left the origin: {response.Url}");
                }
                if (response.Request.ResourceType == "font")
                {
                    failures.Add($"{pageType.Name}: loads a web font: {response.Url}");
                }
            }
            var budget = pageType.Name == "report" ? ReportPageBudget : OtherPageBudget;
            var line = $"{pageType.Name,-10} {transferred,7:N0} bytes over {responses.Count} requests (budget {budget:N0})";
            output.WriteLine(line);
            // Also on the run's console, where the README's table of page weights is read from.
            Console.WriteLine($"[web tests] page weight: {line}");
            if (transferred > budget)
            {
                failures.Add($"{pageType.Name}: {transferred:N0} bytes transferred, over the {budget:N0} budget");
            }

            if (await page.Locator("h1").CountAsync() != 1)
            {
                failures.Add($"{pageType.Name}: {await page.Locator("h1").CountAsync()} h1 elements");
            }
            foreach (var landmark in new[] { "header", "main", "footer" })
            {
                if (await page.Locator($"body > {landmark}").CountAsync() != 1)
                {
                    failures.Add($"{pageType.Name}: no {landmark} landmark");
                }
            }
            var headers = await document!.AllHeadersAsync();
            foreach (var (name, expected) in new[]
                     {
                         ("x-content-type-options", "nosniff"),
                         ("referrer-policy", "strict-origin-when-cross-origin"),
                     })
            {
                if (!headers.TryGetValue(name, out var value) || value != expected)
                {
                    failures.Add($"{pageType.Name}: {name} is '{value}'");
                }
            }
            if (!headers.TryGetValue("content-security-policy", out var csp)
                || !csp.Contains("script-src 'self'", StringComparison.Ordinal) || csp.Contains("unsafe-inline", StringComparison.Ordinal)
                || !csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal))
            {
                failures.Add($"{pageType.Name}: content-security-policy is '{csp}'");
            }
            await page.Context.CloseAsync();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_page_type_fits_a_360_pixel_screen_follows_the_dark_colour_scheme_and_links_the_feeds()
    {
        var failures = new List<string>();
        foreach (var pageType in await PageTypes.WithContentAsync(platform))
        {
            var page = await browser.NewPageAsync(platform.GatewayAddress, 360);
            await page.GotoAsync(pageType.Path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0)
            {
                failures.Add($"{pageType.Name}: {overflow} px wider than a 360 px screen");
            }
            foreach (var feed in new[] { "application/rss+xml", "application/atom+xml", "application/feed+json" })
            {
                // At least the site's feed; a section page adds its own.
                if (await page.Locator($"head link[rel=alternate][type='{feed}']").CountAsync() == 0)
                {
                    failures.Add($"{pageType.Name}: no alternate link to the {feed} feed");
                }
            }
            var light = await BackgroundAsync(page);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            var dark = await BackgroundAsync(page);
            if (light == dark)
            {
                failures.Add($"{pageType.Name}: the same background ({light}) in light and dark schemes");
            }
            await page.Context.CloseAsync();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task The_sitemap_lists_report_pages_that_open_as_pages()
    {
        var report = (await PageTypes.WithContentAsync(platform)).Single(p => p.Name == "report");

        var sitemap = await platform.Gateway.GetStringAsync("/api/feeds/sitemap.xml");
        Assert.Contains(report.Path + "</loc>", sitemap);

        var page = await browser.NewPageAsync(platform.GatewayAddress);
        var response = await page.GotoAsync(report.Path);
        Assert.Equal(200, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_users_land_on_a_visible_skip_link_that_moves_focus_to_the_content()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator(".skip-link");
        await Assertions.Expect(skip).ToBeFocusedAsync();
        var box = await skip.BoundingBoxAsync();
        Assert.True(box is { X: >= 0, Y: >= 0, Width: > 0 }, "the focused skip link is off screen");
        var outline = await skip.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).boxShadow");
        Assert.NotEqual("none none", outline);

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Every_page_type_is_photographed_at_360_and_1280_pixels()
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        var written = new List<string>();
        foreach (var pageType in await PageTypes.WithContentAsync(platform))
        {
            foreach (var width in BrowserFixture.Widths)
            {
                var page = await browser.NewPageAsync(platform.GatewayAddress, width);
                await page.GotoAsync(pageType.Path, new() { WaitUntil = WaitUntilState.NetworkIdle });
                var file = Path.Combine(BrowserFixture.ScreenshotFolder, $"{pageType.Name}-{width}.png");
                await page.ScreenshotAsync(new() { Path = file, FullPage = true });
                written.Add(file);
                await page.Context.CloseAsync();
            }
        }
        output.WriteLine($"Screenshots of every page type at 360 and 1280 px: {BrowserFixture.ScreenshotFolder}");
        Console.WriteLine($"[web tests] screenshots of every page type at 360 and 1280 px are in {BrowserFixture.ScreenshotFolder}");
        Assert.All(written, file => Assert.True(new FileInfo(file).Length > 1000, $"{file} is empty"));
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
