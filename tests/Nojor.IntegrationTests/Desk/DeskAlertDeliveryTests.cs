using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Notifications;
using Nojor.IntegrationTests.Web;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Desk;

/// <summary>After publishing a breaking report, the editor sees how its alert went out (issue 14, item 3).</summary>
[Collection(PlatformCollection.Name)]
public sealed class DeskAlertDeliveryTests(PlatformFixture platform, BrowserFixture browser)
{
    private static readonly Regex AtLeastOne = new(@"^[1-9][0-9]*$");

    [Fact]
    public async Task An_editor_publishes_a_breaking_report_and_watches_its_alert_reach_webhooks_and_stream_clients()
    {
        // Subscribers only this report's tag reaches: one that takes the alert, one gone for good, one failing for now.
        var tag = "ferry-" + Guid.NewGuid().ToString("N")[..8];
        await using var taking = await WebhookReceiver.StartAsync();
        await using var gone = await WebhookReceiver.StartAsync();
        gone.StatusCode = StatusCodes.Status410Gone;
        await using var failing = await WebhookReceiver.StartAsync();
        failing.StatusCode = StatusCodes.Status500InternalServerError;
        var filters = new { tags = new[] { tag } };
        foreach (var receiver in new[] { taking, gone, failing })
        {
            await WebhookSubscriptions.SubscribeAsync(platform.Gateway, receiver.Url, filters);
        }
        using var stream = await SseReader.ConnectAsync(platform.Gateway, $"/api/notifications/stream?tags={Uri.EscapeDataString(tag)}", null);

        var headline = TestData.Unique("Ferry runs aground outside the harbour");
        var (draft, _) = await ArticleClient.FileAsync(platform.EditorGateway(),
            ArticleClient.Report(headline, draft: true, breaking: true, urgency: 1, tags: [tag]));
        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync($"/desk/reports/{draft.GetProperty("id").GetString()}");
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToHaveTextAsync("Published: readers can see the report now.");
        await Expect(page.Locator("#alert-delivery-heading")).ToHaveTextAsync("How the alert went out");

        // What the subscribers saw, so the page's counts can be checked against it.
        await taking.WaitForAsync(headline, TimeSpan.FromSeconds(30));
        await gone.WaitForAsync(headline, TimeSpan.FromSeconds(30));
        await failing.WaitForAsync(headline, TimeSpan.FromSeconds(30));
        var streamed = await stream.NextEventAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(headline, streamed.Data);

        // The page keeps its counts current by itself: no reload from here on.
        var alert = page.Locator("[data-alert]").First;
        var webhooks = alert.Locator("[data-channel=webhooks]");
        var timeout = new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 };
        await Expect(webhooks.Locator("[data-count=delivered]")).ToHaveTextAsync(AtLeastOne, timeout);
        await Expect(webhooks.Locator("[data-count=failed]")).ToHaveTextAsync(AtLeastOne, timeout);
        await Expect(webhooks.Locator("[data-count=pending]")).ToHaveTextAsync(AtLeastOne, timeout);
        await Expect(alert.Locator("[data-count=stream]")).ToHaveTextAsync(AtLeastOne, timeout);
        await Expect(alert.Locator("h3")).ToContainTextAsync("Breaking alert, raised");

        // Every subscriber the alert was addressed to is in exactly one column.
        var matched = int.Parse((await alert.Locator("[data-count=matched]").TextContentAsync())!);
        var columns = 0;
        foreach (var cell in await alert.Locator("tbody td").AllAsync())
        {
            columns += int.Parse((await cell.TextContentAsync())!);
        }
        Assert.True(matched >= 3, $"{matched} subscribers matched; this test alone subscribed three");
        Assert.Equal(matched, columns);
        // Disposing the receivers deletes their subscriptions: the failing one is not retried for the rest of the run.
    }
}
