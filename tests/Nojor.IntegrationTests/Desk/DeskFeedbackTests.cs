using Microsoft.Playwright;
using Nojor.IntegrationTests.Feedback;
using Nojor.IntegrationTests.Web;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Desk;

[Collection(PlatformCollection.Name)]
public sealed class DeskFeedbackTests(PlatformFixture platform, BrowserFixture browser)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task An_editor_triages_a_beta_idea_and_readers_see_the_public_reply_on_the_beta_board()
    {
        var idea = await DeskBrowser.SendIdeaAsync(platform, TestData.Unique("Let me follow one story by e-mail"));
        var page = await DeskBrowser.SignInAsync(browser, platform);
        var item = page.Locator("[data-feedback]").Filter(new() { HasText = idea });
        await DeskBrowser.ReloadUntilAsync(page, "/desk/feedback?status=new&kind=idea", () => item.Locator(".feedback-text"), idea);
        await Expect(item.Locator("[data-status]")).ToHaveTextAsync("New");

        var reply = "Thank you: we are looking at story e-mails for the spring.";
        await item.GetByLabel("Move to").SelectOptionAsync("triaged");
        await item.GetByLabel("Public reply (optional)").FillAsync(reply);
        await PageNavigation.RunAsync(page, () => item.GetByRole(AriaRole.Button, new() { Name = "Save triage" }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("Moved to triaged");

        await page.GotoAsync("/desk/feedback?status=triaged&kind=idea");
        await Expect(item.Locator("[data-status]")).ToHaveTextAsync("Triaged");
        await Expect(item.GetByLabel("Move to").Locator("option")).ToHaveTextAsync(["Planned", "Declined"]);

        var reader = await browser.NewPageAsync(platform.GatewayAddress);
        var shown = reader.Locator(".idea").Filter(new() { HasText = idea });
        await DeskBrowser.ReloadUntilAsync(reader, "/beta", () => shown, reply);
        await Expect(shown.Locator(".status")).ToHaveTextAsync("Triaged");
    }

    [Fact]
    public async Task An_editor_approves_a_held_comment_and_readers_see_it_under_the_report()
    {
        var article = await _feedback.PublishArticleAsync("Harbour crane toppled in the storm");
        using var reader = await _feedback.NewReaderAsync();
        var text = "Nooooooooooooooooooooooooooooooooooooo, not the old crane " + Guid.NewGuid().ToString("N")[..6];
        var posted = await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/comments", new { text });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync("/desk/comments");
        var held = page.Locator("[data-comment]").Filter(new() { HasText = text });
        await Expect(held.Locator(".comment-text")).ToHaveTextAsync(text);
        await Expect(held.Locator(".meta")).ToContainTextAsync("repeated_text");

        await PageNavigation.RunAsync(page, () => held.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync());
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("Approved");
        await Expect(held).ToHaveCountAsync(0);

        var readerPage = await browser.NewPageAsync(platform.GatewayAddress);
        await DeskBrowser.ReloadUntilAsync(readerPage, $"/articles/{article.Slug}", () => readerPage.Locator("main"), text);
    }

    [Fact]
    public async Task Correction_requests_are_grouped_by_report_with_the_quoted_passage_marked_in_its_text()
    {
        var article = await _feedback.PublishArticleAsync("Ferry timetable for the islands");
        using var reader = await _feedback.NewReaderAsync();
        foreach (var (passage, fix) in new[]
                 {
                     ("The island ferry will sail less often from December.", "It changes in January."),
                     ("later first crossing", "The first crossing is earlier, not later."),
                 })
        {
            var sent = await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/corrections", new { quotedPassage = passage, suggestedFix = fix });
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync("/desk/corrections");
        var group = page.Locator($"[data-correction-report='{article.Id}']");
        await Expect(group.Locator("[data-correction]")).ToHaveCountAsync(2);
        await Expect(group.Locator("h2")).ToContainTextAsync("Ferry timetable for the islands");
        await Expect(group.Locator(".report-text mark")).ToHaveTextAsync(["later first crossing"]);
    }

    [Fact]
    public async Task An_editor_exports_the_days_ideas_as_csv()
    {
        var idea = await DeskBrowser.SendIdeaAsync(platform, TestData.Unique("A quiet mode without breaking banners"));
        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync("/desk/export");
        foreach (var kind in new[] { "bug", "praise", "other", "comment", "correction" })
        {
            await page.GetByLabel(kind, new() { Exact = true }).UncheckAsync();
        }
        await page.GetByLabel("CSV").CheckAsync();

        // The ingest writes in batches: export again until the idea is in.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string csv;
        while (true)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download the export" }).ClickAsync());
            Assert.EndsWith(".csv", download.SuggestedFilename);
            csv = await File.ReadAllTextAsync((await download.PathAsync())!);
            if (csv.Contains(idea, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                break;
            }
            await page.GotoAsync("/desk/export");
        }
        Assert.Contains(idea, csv);
        Assert.StartsWith("id,kind,", csv.TrimStart('\uFEFF'));
        Assert.DoesNotContain(",comment,", csv);
    }

    [Fact]
    public async Task New_feedback_held_comments_and_correction_requests_arrive_on_an_open_desk_without_a_reload()
    {
        var article = await _feedback.PublishArticleAsync("Tram line extension approved");
        var page = await DeskBrowser.SignInAsync(browser, platform);
        await page.GotoAsync("/desk");
        // A property of this document: it survives only if nothing reloads the page.
        await page.EvaluateAsync("() => { window.stillHere = true; }");

        var idea = await DeskBrowser.SendIdeaAsync(platform, TestData.Unique("Maps of each tram stop"));
        using var reader = await _feedback.NewReaderAsync();
        var comment = "Whoever planned this is an IDIOT " + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/comments", new { text = comment })).StatusCode);
        var passage = "Islanders said the later first crossing";
        Assert.Equal(HttpStatusCode.Created, (await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/corrections",
            new { quotedPassage = passage, suggestedFix = "It was the mayor who said so." })).StatusCode);

        var live = page.Locator("[data-desk-live-list]");
        await Expect(live).ToContainTextAsync(idea, new() { Timeout = 45_000 });
        await Expect(live).ToContainTextAsync(comment, new() { Timeout = 45_000 });
        await Expect(live).ToContainTextAsync("It was the mayor who said so.", new() { Timeout = 45_000 });
        await Expect(page.Locator("[data-desk-live-status]")).ToContainTextAsync("new since this page opened");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillHere === true"));
    }
}
