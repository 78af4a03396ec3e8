using System.Text.Json;
using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Feedback;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Web;

/// <summary>What a reader does on a report page: rate, react, comment, reply and suggest a correction, with and without JavaScript.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReactingTests(PlatformFixture platform, BrowserFixture browser)
{
    private const string FirstParagraph = "The footbridge over the river at the old mill reopened on Tuesday after three weeks of repairs.";
    private const string SecondParagraph = "Engineers said the new deck carries twelve tonnes, twice what the old one could bear.";
    private const string ThirdParagraph = "Cyclists will still have to walk across while the railings are painted.";

    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task A_reader_with_javascript_rates_reacts_comments_and_replies_without_the_page_reloading()
    {
        var report = await PublishAsync("Footbridge reopens at the old mill");
        var page = await OpenAsync(report);
        var summary = page.Locator("#feedback-summary");
        // Set by this test on the loaded page: a reload or a navigation would lose it.
        await page.EvaluateAsync("() => { window.reactingMarker = 'same page'; }");

        await page.GetByLabel("4", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send rating" }).ClickAsync();

        await Expect(page.Locator("#rating-form .notice.success")).ToHaveTextAsync("Thank you: you rated this report 4 out of 5.");
        await Expect(summary).ToContainTextAsync("Rated 4.0 out of 5 by 1 reader.");
        await Expect(summary).ToContainTextAsync("You rated it 4.");
        await Expect(page.Locator("#rating-form .notice.success")).ToBeFocusedAsync();
        await AssertSamePageAsync(page, report);

        await page.ReloadAsync();
        await Expect(summary).ToContainTextAsync("Rated 4.0 out of 5 by 1 reader.");
        await Expect(page.GetByLabel("4", new() { Exact = true })).ToBeCheckedAsync();
        await page.EvaluateAsync("() => { window.reactingMarker = 'same page'; }");

        await page.GetByRole(AriaRole.Button, new() { Name = "Helpful", Exact = true }).ClickAsync();
        await Expect(page.Locator("#reaction-helpful")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(summary).ToContainTextAsync("1 reader found it helpful, 0 did not.");
        await Expect(summary).ToContainTextAsync("You rated it 4 and found it helpful.");

        var commentText = TestData.Unique("The detour through the park added ten minutes to my walk to school");
        await page.GetByLabel("Add a comment").FillAsync(commentText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();
        await Expect(page.Locator("#comment-form .notice.success")).ToHaveTextAsync("Thank you: your comment is published.");
        var comment = page.Locator(".comment-thread > li").Filter(new() { HasText = commentText });
        await Expect(comment.Locator(".comment-author").First).ToHaveTextAsync("Reader");
        await Expect(page.GetByLabel("Add a comment")).ToHaveValueAsync("");

        var replyText = TestData.Unique("Same here, but the park path is lit at night");
        await comment.Locator("summary").ClickAsync();
        await comment.GetByLabel("Your reply").FillAsync(replyText);
        await comment.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();
        await Expect(comment.Locator(".replies .comment-text")).ToHaveTextAsync(replyText);
        await Expect(comment.Locator(".notice.success")).ToHaveTextAsync("Thank you: your reply is published.");
        await Expect(page.Locator(".comment-count")).ToHaveTextAsync("2 comments, newest first.");
        await AssertSamePageAsync(page, report);

        // What was sent is the service's now: another reader sees the same counts and thread.
        // The shared page may come from the gateway's cache for up to its max-age (feedback does not evict it); a reload
        // asks for it afresh, as a reader's reload does.
        var other = await OpenAsync(report);
        await other.ReloadAsync();
        await Expect(other.Locator("#feedback-summary")).ToContainTextAsync("Rated 4.0 out of 5 by 1 reader.");
        await Expect(other.Locator(".replies .comment-text")).ToHaveTextAsync(replyText);
        await Expect(other.Locator("#feedback-summary .mine")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_comment_the_filter_holds_is_shown_held_for_review_to_its_author_and_to_no_one_else()
    {
        var report = await PublishAsync("Mill footbridge schedule");
        var author = await OpenAsync(report);
        var text = TestData.Unique("Timetables at https://one.example, https://two.example and https://three.example");

        await author.GetByLabel("Add a comment").FillAsync(text);
        await author.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();

        await Expect(author.Locator("#comment-form .notice.success"))
            .ToHaveTextAsync("Your comment is held for review: an editor reads it before other readers can see it.");
        var held = author.Locator(".comment.held").Filter(new() { HasText = text });
        await Expect(held.Locator(".held-badge")).ToHaveTextAsync("Held for review");
        await Expect(author.Locator(".comment-count")).ToHaveTextAsync("0 comments, newest first.");

        await author.ReloadAsync();
        await Expect(held.Locator(".held-badge")).ToHaveTextAsync("Held for review");
        await Expect(held.Locator(".comment-author")).ToHaveTextAsync("You");

        var stranger = await OpenAsync(report);
        await Expect(stranger.Locator(".comment-count")).ToHaveTextAsync("No comments yet. Start the conversation below.");
        await Expect(stranger.GetByText(text)).ToHaveCountAsync(0);
        await Expect(stranger.Locator(".held-badge")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reader_who_selects_a_passage_suggests_a_correction_that_reaches_the_editors_with_that_quote()
    {
        var report = await PublishAsync("Footbridge load limit doubled");
        var page = await OpenAsync(report);
        var quote = page.GetByRole(AriaRole.Button, new() { Name = "Quote the selected text" });
        await Expect(quote).ToBeHiddenAsync();

        await page.Locator("[data-report-body] p").Nth(1).ClickAsync(new() { ClickCount = 3 });
        await quote.ClickAsync();

        await Expect(page.GetByLabel("The passage you think is wrong")).ToHaveValueAsync(SecondParagraph);
        var fix = page.GetByLabel("What it should say");
        await Expect(fix).ToBeFocusedAsync();
        await fix.FillAsync("The new deck carries ten tonnes, according to the council's notice.");
        await page.GetByLabel("Source (optional)").FillAsync("https://council.example/notices/footbridge");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send correction request" }).ClickAsync();

        await Expect(page.Locator("#correction-form .notice.success"))
            .ToHaveTextAsync("Thank you: your correction request reached the editors. They check every one.");
        await Expect(page.GetByLabel("The passage you think is wrong")).ToHaveValueAsync("");
        await AssertSamePageAsync(page, report, marked: false);

        var requests = await platform.EditorGateway().GetFromJsonAsync<JsonElement>($"/api/feedback/corrections?articleId={report.Id}");
        var request = Assert.Single(requests.GetProperty("items").EnumerateArray());
        Assert.Equal(SecondParagraph, request.GetProperty("quotedPassage").GetString());
        Assert.Equal("https://council.example/notices/footbridge", request.GetProperty("sourceUrl").GetString());
    }

    [Fact]
    public async Task Without_javascript_rating_and_commenting_are_plain_posts_that_come_back_to_the_report()
    {
        var report = await PublishAsync("Footbridge painting starts");
        var page = await OpenAsync(report, javaScript: false);

        await page.GetByLabel("5", new() { Exact = true }).CheckAsync();
        var rated = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send rating" }).ClickAsync(), IsPostTo("/rating"));
        Assert.Equal(303, rated.Status);
        Assert.Equal($"/articles/{report.Slug}#rating-form", rated.Headers["location"]);
        await Expect(page.Locator("#rating-form .notice.success")).ToHaveTextAsync("Thank you: you rated this report 5 out of 5.");
        await Expect(page.Locator("#feedback-summary")).ToContainTextAsync("Rated 5.0 out of 5 by 1 reader.");
        await Expect(page.GetByLabel("5", new() { Exact = true })).ToBeCheckedAsync();

        var text = TestData.Unique("Good to know the painters will be done before the school holidays");
        await page.GetByLabel("Add a comment").FillAsync(text);
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync(), IsPostTo("/comments"));
        Assert.Equal(303, posted.Status);
        Assert.StartsWith($"/articles/{report.Slug}#comment-", posted.Headers["location"]);
        await Expect(page.Locator(".comment-thread .comment-text")).ToHaveTextAsync(text);
        await Expect(page.Locator("#comment-form .notice.success")).ToHaveTextAsync("Thank you: your comment is published.");
        await Expect(page.Locator("#feedback")).Not.ToHaveAttributeAsync("data-enhanced", "true");
    }

    [Fact]
    public async Task An_empty_or_over_long_comment_gives_a_readable_message_beside_the_field_with_the_text_kept()
    {
        var report = await PublishAsync("Footbridge railings");
        var page = await OpenAsync(report, javaScript: false);

        var empty = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync(), IsPostTo("/comments"));
        Assert.Equal(400, empty.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your comment was not sent");
        await Expect(page.Locator("#comment-text-error")).ToHaveTextAsync("Error: Write your comment before sending it.");
        await Expect(page.Locator("#comment-form .error-summary a")).ToHaveAttributeAsync("href", "#comment-text");

        var tooLong = TestData.Unique("A long account of the crossing. ") + new string('x', 5000);
        await page.GetByLabel("Add a comment").FillAsync(tooLong);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync(), IsPostTo("/comments"));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#comment-text-error"))
            .ToHaveTextAsync($"Error: Your comment is {tooLong.Length:N0} characters long; shorten it to 5,000 or fewer.");
        await Expect(page.GetByLabel("Add a comment")).ToHaveValueAsync(tooLong);
        await Expect(page.GetByLabel("Add a comment")).ToHaveAttributeAsync("aria-invalid", "true");

        // With JavaScript the same message appears in place, and focus moves to it.
        var enhanced = await OpenAsync(report);
        await enhanced.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();
        await Expect(enhanced.Locator("#comment-text-error")).ToHaveTextAsync("Error: Write your comment before sending it.");
        await Expect(enhanced.Locator("#comment-form .error-summary")).ToBeFocusedAsync();
        await AssertSamePageAsync(enhanced, report, marked: false);
    }

    [Fact]
    public async Task A_forged_reader_cookie_gives_a_readable_message_and_sending_again_works_with_a_new_token()
    {
        var report = await PublishAsync("Footbridge opening hours");
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        var forged = "rdr_forged" + Guid.NewGuid().ToString("N");
        await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "nojor_reader", Value = forged, Url = platform.GatewayAddress.ToString() }]);
        await page.GotoAsync($"/articles/{report.Slug}");

        var text = TestData.Unique("Will the bridge stay open after dark in winter");
        await page.GetByLabel("Add a comment").FillAsync(text);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync(), IsPostTo("/comments"));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#comment-form .error-summary"))
            .ToContainTextAsync("We did not recognise this browser, so nothing was saved. Please send it again.");
        await Expect(page.GetByLabel("Add a comment")).ToHaveValueAsync(text);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "nojor_reader");

        var sent = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync(), IsPostTo("/comments"));
        Assert.Equal(303, sent.Status);
        await Expect(page.Locator(".comment-thread .comment-text")).ToHaveTextAsync(text);
        var token = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "nojor_reader").Value;
        Assert.StartsWith("rdr_", token);
        Assert.NotEqual(forged, token);
    }

    [Fact]
    public async Task A_returning_reader_whose_token_is_due_for_renewal_gets_a_new_one_and_stays_the_same_reader()
    {
        var report = await PublishAsync("Footbridge lamps switched on");
        using var api = _feedback.NewGatewayClient();
        var issued = await (await api.PostAsync("/api/feedback/readers", null)).Content.ReadFromJsonAsync<JsonElement>();
        var readerId = issued.GetProperty("readerId").GetGuid();
        var oldToken = issued.GetProperty("token").GetString()!;

        // A browser holding a token and no fresh cookie: one whose fresh cookie lapsed half way through the token's life
        // (or one given its token before renewal existed).
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "nojor_reader", Value = oldToken, Url = platform.GatewayAddress.ToString() }]);
        var opened = await page.GotoAsync($"/articles/{report.Slug}");
        Assert.Equal(200, opened!.Status);

        var cookies = await page.Context.CookiesAsync();
        var renewed = Assert.Single(cookies, c => c.Name == "nojor_reader");
        Assert.StartsWith("rdr_", renewed.Value);
        Assert.NotEqual(oldToken, renewed.Value);
        // The cookie lasts as long as the token now has (180 days by default), and the fresh cookie half as long.
        var fresh = Assert.Single(cookies, c => c.Name == "nojor_reader_fresh");
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)renewed.Expires) - DateTimeOffset.UtcNow, TimeSpan.FromDays(179), TimeSpan.FromDays(181));
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)fresh.Expires) - DateTimeOffset.UtcNow, TimeSpan.FromDays(89), TimeSpan.FromDays(91));

        // The old token is retired, and the new one belongs to the same reader (the service says whose token it renews).
        Assert.Equal(HttpStatusCode.Unauthorized, (await RenewAsync(api, oldToken)).StatusCode);
        var again = await RenewAsync(api, renewed.Value);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(readerId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("readerId").GetGuid());
    }

    private static async Task<HttpResponseMessage> RenewAsync(HttpClient api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback/readers/renew");
        request.Headers.Add(FeedbackScenario.ReaderHeader, token);
        return await api.SendAsync(request);
    }

    /// <summary>Files a three-paragraph report and waits until the feedback service has heard of it (events are asynchronous).</summary>
    private async Task<PublishedArticle> PublishAsync(string headline)
    {
        var (filed, _) = await ArticleClient.FileAsync(platform.EditorGateway(),
            ArticleClient.Report(TestData.Unique(headline), body: $"{FirstParagraph}\n\n{SecondParagraph}\n\n{ThirdParagraph}"));
        var report = new PublishedArticle(filed.GetProperty("id").GetGuid(), filed.GetProperty("slug").GetString()!,
            filed.GetProperty("version").GetInt32());
        await _feedback.WaitForSummaryAsync(report.Id, _ => true);
        return report;
    }

    private async Task<IPage> OpenAsync(PublishedArticle report, bool javaScript = true)
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: javaScript);
        var response = await page.GotoAsync($"/articles/{report.Slug}");
        Assert.Equal(200, response!.Status);
        if (javaScript)
        {
            // feedback.js marks the part it enhanced: from then on the forms post without a reload.
            await Expect(page.Locator("#feedback")).ToHaveAttributeAsync("data-enhanced", "true");
        }
        return page;
    }

    private static async Task AssertSamePageAsync(IPage page, PublishedArticle report, bool marked = true)
    {
        Assert.EndsWith($"/articles/{report.Slug}", page.Url);
        if (marked)
        {
            Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.reactingMarker"));
        }
    }

    private static Func<IResponse, bool> IsPostTo(string suffix) =>
        response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath.EndsWith(suffix, StringComparison.Ordinal);
}
