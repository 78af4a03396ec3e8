using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Web;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Desk;

[Collection(PlatformCollection.Name)]
public sealed class DeskReportTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task An_editor_files_a_draft_previews_it_schedules_it_and_sees_it_publish_on_time()
    {
        var page = await DeskBrowser.SignInAsync(browser, platform);
        var headline = TestData.Unique("Night trains return to the valley line");
        await page.GotoAsync("/desk/reports/new");
        await page.GetByLabel("Headline", new() { Exact = true }).FillAsync(headline);
        await page.GetByLabel("Standfirst").FillAsync("The operator restores two sleeper services from spring.");
        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Tickets go on sale **next week**.\n\nThe first train leaves at ten.");
        await page.GetByLabel("Section").SelectOptionAsync("business");
        await page.GetByLabel("Tags").FillAsync("rail, night trains");
        await page.GetByLabel("Places").FillAsync("Norway / Vestland / Voss");

        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync());
        var preview = page.Locator("[data-preview]");
        await Expect(preview.Locator(".report-body strong")).ToHaveTextAsync("next week");
        await Expect(preview.Locator(".report-header h1")).ToHaveTextAsync(headline);
        await Expect(page.GetByLabel("Headline", new() { Exact = true })).ToHaveValueAsync(headline);

        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync());
        await Expect(page).ToHaveURLAsync(new Regex(@"/desk/reports/[0-9a-f-]{36}\?done=filed$"));
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("The draft is filed");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("draft");
        var reportPath = new Uri(page.Url).AbsolutePath;

        await page.GotoAsync($"/desk?status=draft&q={Uri.EscapeDataString(headline)}");
        await Expect(page.Locator("[data-report-list] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-report-list]")).ToContainTextAsync(headline);

        await page.GotoAsync(reportPath);
        var publishAt = DateTime.UtcNow.AddSeconds(8);
        publishAt = publishAt.AddTicks(-(publishAt.Ticks % TimeSpan.TicksPerSecond));
        if (publishAt.Second == 0)
        {
            // Chromium writes a time with :00 seconds back as HH:mm, and Playwright reports that fill as a malformed value.
            publishAt = publishAt.AddSeconds(1);
        }
        await page.GetByLabel("Publish at (UTC)").FillAsync(publishAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("Scheduled: it will be published at");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("scheduled");

        await DeskBrowser.ReloadUntilAsync(page, reportPath, () => page.Locator("[data-status]"), "published");
        Assert.True(DateTime.UtcNow >= publishAt.AddSeconds(-1), "published before its time");
        var readerPage = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GetByRole(AriaRole.Link, new() { Name = "The reader page" }).WaitForAsync();
        var readerPath = await page.GetByRole(AriaRole.Link, new() { Name = "The reader page" }).GetAttributeAsync("href");
        Assert.Equal(200, (await readerPage.GotoAsync(readerPath!))!.Status);
        await Expect(readerPage.Locator("h1")).ToHaveTextAsync(headline);
        await Expect(readerPage.Locator(".report-body strong")).ToHaveTextAsync("next week");
    }

    [Fact]
    public async Task An_editor_publishes_a_draft_now_and_readers_can_open_it_at_once()
    {
        var headline = TestData.Unique("Airport reopens after the fog");
        var (draft, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(headline, draft: true));
        var slug = draft.GetProperty("slug").GetString()!;
        var reader = await browser.NewPageAsync(platform.GatewayAddress);
        Assert.Equal(404, (await reader.GotoAsync($"/articles/{slug}"))!.Status);

        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync($"/desk?status=draft&q={Uri.EscapeDataString(headline)}");
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = headline }).ClickAsync());
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToHaveTextAsync("Published: readers can see the report now.");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("published");

        await DeskBrowser.ReloadUntilAsync(reader, $"/articles/{slug}", () => reader.Locator("h1"), headline);
    }

    [Fact]
    public async Task An_editor_corrects_a_published_report_and_the_reader_page_shows_the_public_note()
    {
        var (report, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(
            TestData.Unique("Bridge repairs finish early"), body: "Repairs finished on Monday, two weeks ahead of plan."));
        var slug = report.GetProperty("slug").GetString()!;
        var reader = await browser.NewPageAsync(platform.GatewayAddress);
        await reader.GotoAsync($"/articles/{slug}");
        await Expect(reader.Locator(".report-body")).ToContainTextAsync("Monday");

        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync($"/desk/reports/{report.GetProperty("id").GetString()}");
        var note = "An earlier version gave the wrong day: the repairs finished on Tuesday.";
        await page.GetByLabel("Public note").FillAsync(note);
        await page.GetByLabel("Corrected body (Markdown)").FillAsync("Repairs finished on Tuesday, two weeks ahead of plan.");
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Publish the correction" }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("Corrected");

        // The reader page is cached at the gateway until the correction's event evicts it.
        await DeskBrowser.ReloadUntilAsync(reader, $"/articles/{slug}", () => reader.Locator(".correction-note"), note);
        await Expect(reader.Locator(".report-body")).ToContainTextAsync("Tuesday");
    }

    [Fact]
    public async Task An_editor_retracts_a_published_report_with_a_reason_and_readers_see_it_marked()
    {
        var (report, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(TestData.Unique("Museum sells its oldest map")));
        var slug = report.GetProperty("slug").GetString()!;
        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync($"/desk/reports/{report.GetProperty("id").GetString()}");
        await page.GetByLabel("Reason").FillAsync("The sale was not agreed: the museum's board has not voted.");
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Retract the report" }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("Retracted");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("retracted");

        var reader = await browser.NewPageAsync(platform.GatewayAddress);
        await DeskBrowser.ReloadUntilAsync(reader, $"/articles/{slug}", () => reader.Locator(".retraction"), "the museum's board has not voted");
    }

    [Fact]
    public async Task An_editor_who_loses_an_edit_race_sees_both_versions_keeps_theirs_or_mine_and_the_history_shows_the_diff()
    {
        var editor = platform.EditorGateway();
        var original = TestData.Unique("Library opens on Sundays");
        var (draft, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(original, draft: true, body: "The library opens at noon."));
        var id = draft.GetProperty("id").GetString()!;

        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync($"/desk/reports/{id}");
        await Expect(page.GetByLabel("Headline", new() { Exact = true })).ToHaveValueAsync(original);

        // Another editor saves first, through the API.
        var theirs = original + " from March";
        var update = ArticleClient.Report(theirs, body: "The library opens at noon, from March.");
        var saved = await ArticleClient.SendAsync(editor, HttpMethod.Put, $"/api/articles/by-id/{id}", update, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var mine = original + " all year";
        await page.GetByLabel("Headline", new() { Exact = true }).FillAsync(mine);
        var conflict = await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync());
        Assert.Equal(409, conflict.Status);
        await Expect(page.Locator("[data-conflict] h2")).ToHaveTextAsync("Someone else saved this report while you were editing");
        await Expect(page.Locator("[data-mine]")).ToContainTextAsync(mine);
        await Expect(page.Locator("[data-theirs]")).ToContainTextAsync(theirs);
        await Expect(page.Locator("[data-theirs]")).ToContainTextAsync("from March.");
        // Nothing was overwritten.
        var current = await editor.GetFromJsonAsync<JsonElement>($"/api/articles/by-id/{id}/draft");
        Assert.Equal(theirs, current.GetProperty("headline").GetString());

        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Keep my version (replace theirs)" }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToHaveTextAsync("Saved as version 3.");
        await Expect(page.Locator("h1")).ToHaveTextAsync(mine);

        await page.GetByRole(AriaRole.Link, new() { Name = "Revision history" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Revision history");
        await page.GetByLabel("Compare version").SelectOptionAsync("1");
        await page.GetByLabel("with version").SelectOptionAsync("2");
        await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync());
        var headlineDiff = page.Locator("[data-diff]").First;
        await Expect(headlineDiff.Locator("td.changed-left")).ToContainTextAsync(original);
        await Expect(headlineDiff.Locator("td.changed-right")).ToContainTextAsync(theirs);
    }

    [Fact]
    public async Task Bad_input_on_the_desk_gets_readable_pages_and_never_a_server_error()
    {
        var page = await DeskBrowser.SignInAsync(browser, platform);
        Assert.Equal(404, (await page.GotoAsync($"/desk/reports/{Guid.NewGuid()}"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/desk/reports/not-a-guid"))!.Status);
        Assert.Equal(200, (await page.GotoAsync("/desk?status=lost&offset=-5"))!.Status);

        await page.GotoAsync("/desk/reports/new");
        await page.GetByLabel("Headline", new() { Exact = true }).FillAsync(TestData.Unique("Ferry strike called off"));
        await page.GetByLabel("Language").FillAsync("not a language!");
        var refused = await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync());
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#language-error")).ToContainTextAsync("is not a known BCP 47 language tag");
        await Expect(page.GetByLabel("Headline", new() { Exact = true })).ToHaveValueAsync(new Regex("^Ferry strike called off"));

        var export = await page.GotoAsync("/desk/export?handler=Download&From=yesterday&To=2026-13-45&Format=xml");
        Assert.Equal(400, export!.Status);
        await Expect(page.Locator("#from-error")).ToHaveTextAsync("Give the first day as a date.");

        var (draft, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(TestData.Unique("Ferry fares rise"), draft: true));
        await page.GotoAsync($"/desk/reports/{draft.GetProperty("id").GetString()}");
        await page.GetByLabel("Publish at (UTC)").FillAsync("2001-01-01T10:00");
        var past = await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync());
        Assert.Equal(422, past.Status);
        await Expect(page.Locator("[data-error]")).ToContainTextAsync("publishAt must be in the future");
    }
}
