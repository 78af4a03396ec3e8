using System.Diagnostics;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Notifications;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Web;

/// <summary>Live alerts in the browser: the header switch, the notices, narrowing and resuming.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AlertsTests(PlatformFixture platform, BrowserFixture browser)
{
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reader_who_switches_live_alerts_on_sees_a_breaking_report_as_a_linked_notice_within_two_seconds()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Live alerts", Exact = true });
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "open");

        var headline = TestData.Unique("Flood barrier gives way above the river town");
        var (report, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(headline, breaking: true, urgency: 1));
        var published = Stopwatch.StartNew();

        var link = page.Locator("#alerts .alert-notice").GetByRole(AriaRole.Link, new() { Name = headline, Exact = true });
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 2000 });
        published.Stop();

        var slug = report.GetProperty("slug").GetString();
        Assert.Equal($"/articles/{slug}", await link.GetAttributeAsync("href"));
        Assert.EndsWith($"/articles/{slug}", report.GetProperty("url").GetString());
        await Expect(page.Locator("#alerts .alert-notice", new() { HasText = headline }).Locator(".alert-kind")).ToHaveTextAsync("Breaking");
        Assert.True(published.Elapsed < TimeSpan.FromSeconds(2), $"the notice took {published.ElapsedMilliseconds} ms");

        // The switch follows the reader to the next page, which keeps the notice and listens again.
        await page.GotoAsync("/alerts");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Live alerts", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "open");
        await Expect(page.Locator("#alerts").GetByRole(AriaRole.Link, new() { Name = headline, Exact = true })).ToBeVisibleAsync();

        // Dismissed, it stays gone; switched off, the stream closes.
        await page.Locator("#alerts .alert-notice", new() { HasText = headline }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#alerts .alert-notice", new() { HasText = headline })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Live alerts", Exact = true }).ClickAsync();
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "off");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Live alerts", Exact = true })).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "off");
    }

    [Fact]
    public async Task Live_alerts_narrowed_to_a_section_show_that_section_and_not_another()
    {
        var tag = "alerts-" + Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/alerts");
        await Expect(page.Locator("[data-alerts-nojs]")).ToBeHiddenAsync();
        await page.GetByLabel("Sport", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and switch live alerts on" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sections: sport");
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "open");

        using var gateway = StreamClient();
        using var watcher = await SseReader.ConnectAsync(gateway, $"/api/notifications/stream?tags={tag}", lastEventId: null);
        var elsewhere = TestData.Unique("Observatory spots a new comet");
        var wanted = TestData.Unique("Cup final moved to the northern stadium");
        var editor = platform.EditorGateway();
        await ArticleClient.FileAsync(editor, ArticleClient.Report(elsewhere, section: "science", breaking: true, urgency: 1, tags: [tag]));
        // The other section's alert has gone out to every stream before the matching report is even filed.
        await NextAlertAsync(watcher, elsewhere);
        await ArticleClient.FileAsync(editor, ArticleClient.Report(wanted, section: "sport", breaking: true, urgency: 1, tags: [tag]));

        await Expect(page.Locator("#alerts").GetByRole(AriaRole.Link, new() { Name = wanted, Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#alerts .alert-notice", new() { HasText = elsewhere })).ToHaveCountAsync(0);

        // The choice is remembered: the form shows it again on the next visit.
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Sport", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Science", new() { Exact = true })).Not.ToBeCheckedAsync();
    }

    [Fact]
    public async Task A_page_that_reconnects_resumes_after_the_last_alert_without_showing_any_alert_twice()
    {
        var tag = "resume-" + Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Live alerts", Exact = true }).ClickAsync();
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "open");

        using var gateway = StreamClient();
        using var watcher = await SseReader.ConnectAsync(gateway, $"/api/notifications/stream?tags={tag}", lastEventId: null);
        var editor = platform.EditorGateway();
        var first = TestData.Unique("Night train service restored");
        await ArticleClient.FileAsync(editor, ArticleClient.Report(first, breaking: true, urgency: 1, tags: [tag]));
        var firstNotice = page.Locator("#alerts .alert-notice", new() { HasText = first });
        await Expect(firstNotice).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The next page's stream is held back while an alert is raised: the page was away when it happened.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streamUrls = new List<string>();
        await page.RouteAsync("**/api/notifications/stream**", async route =>
        {
            streamUrls.Add(route.Request.Url);
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("/alerts");
        await Expect(firstNotice).ToBeVisibleAsync();
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "connecting");
        var missed = TestData.Unique("Harbour reopens after the storm");
        await ArticleClient.FileAsync(editor, ArticleClient.Report(missed, breaking: true, urgency: 1, tags: [tag]));
        await NextAlertAsync(watcher, first);
        await NextAlertAsync(watcher, missed);
        release.SetResult();

        await Expect(page.Locator("#alerts .alert-notice", new() { HasText = missed })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "open");
        await Expect(firstNotice).ToHaveCountAsync(1);
        await Expect(page.Locator("#alerts .alert-notice", new() { HasText = missed })).ToHaveCountAsync(1);
        Assert.Contains("lastEventId=", streamUrls[0], StringComparison.Ordinal);

        // A plain reload resumes too, and shows each alert once.
        await page.UnrouteAllAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "open");
        await Expect(firstNotice).ToHaveCountAsync(1);
        await Expect(page.Locator("#alerts .alert-notice", new() { HasText = missed })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Without_javascript_the_alerts_page_offers_webhooks_and_feeds_instead_of_a_switch()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        var response = await page.GotoAsync("/alerts");

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Breaking-news alerts");
        await Expect(page.Locator("[data-alerts-nojs]")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Live alerts", Exact = true })).ToBeHiddenAsync();
        await Expect(page.Locator("[data-alerts-filters]")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Register a webhook", Exact = true })).ToHaveAttributeAsync("href", "/alerts/subscriptions/new");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "RSS", Exact = true })).ToHaveAttributeAsync("href", "/api/feeds/rss.xml");
        // Every page leads to alerts, with or without JavaScript.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true })).ToHaveAttributeAsync("href", "/alerts");
    }

    [Fact]
    public async Task Every_alert_page_has_no_serious_accessibility_violation_at_either_width()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        foreach (var width in BrowserFixture.Widths)
        {
            var page = await browser.NewPageAsync(platform.GatewayAddress, width);
            await page.GotoAsync("/alerts");
            await page.GetByRole(AriaRole.Button, new() { Name = "Live alerts", Exact = true }).ClickAsync();
            await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-state", "open");
            var headline = TestData.Unique("Mountain road reopens after the landslide");
            await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(headline, breaking: true, urgency: 1));
            await Expect(page.Locator("#alerts .alert-notice", new() { HasText = headline })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await AlertPages.CheckAsync(page, $"alerts-{width}");

            await page.GotoAsync("/alerts/subscriptions/new");
            await AlertPages.CheckAsync(page, $"alerts-subscribe-{width}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }).ClickAsync();
            await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
            await AlertPages.CheckAsync(page, $"alerts-subscribe-refused-{width}");

            await page.GetByLabel("Webhook address").FillAsync(receiver.Url);
            await page.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }).ClickAsync();
            await Expect(page.Locator("#signing-secret")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send a test ping" }).ClickAsync();
            // The endpoint's verification request, then the ping.
            await Expect(page.Locator(".delivery[data-status=delivered]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await AlertPages.CheckAsync(page, $"alerts-webhook-{width}");

            await page.GotoAsync("/alerts/subscriptions");
            await AlertPages.CheckAsync(page, $"alerts-webhooks-{width}");
        }
    }

    private HttpClient StreamClient()
    {
        var client = platform.App.CreateHttpClient(ResourceNames.Gateway);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    /// <summary>Reads the test's own stream until the alert about <paramref name="headline"/>: it has been raised and broadcast.</summary>
    private static async Task NextAlertAsync(SseReader stream, string headline)
    {
        while (true)
        {
            var alert = await stream.NextEventAsync(AlertTimeout);
            var data = JsonDocument.Parse(alert.Data).RootElement.GetProperty("data");
            if (data.GetProperty("headline").GetString() == headline)
            {
                return;
            }
        }
    }
}

/// <summary>The checks every alert page gets: axe finds nothing serious or critical; and a photograph for the run's folder.</summary>
internal static class AlertPages
{
    public static async Task CheckAsync(IPage page, string name)
    {
        var result = await page.RunAxe();
        var serious = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: {string.Join(Environment.NewLine, serious)}");
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
