using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Web;

[Collection(PlatformCollection.Name)]
public sealed class BetaTests(PlatformFixture platform, BrowserFixture browser)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reader_sends_an_idea_sees_the_thank_you_page_and_finds_the_idea_on_the_board(bool javaScript)
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: javaScript);
        await page.GotoAsync("/feedback?page=%2Fsections%2Fworld");
        await Expect(page.GetByLabel("The page it is about")).ToHaveValueAsync("/sections/world");
        await Expect(page.Locator("main")).ToContainTextAsync("Ideas appear on the public beta board");

        var idea = TestData.Unique("Show how many minutes a report takes to read");
        await page.GetByLabel("An idea").CheckAsync();
        await page.GetByLabel("Your feedback", new() { Exact = true }).FillAsync(idea);
        var thanks = await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync());

        Assert.Equal(200, thanks!.Status);
        Assert.Equal(303, (await thanks.Request.RedirectedFrom!.ResponseAsync())!.Status);
        await Expect(page).ToHaveURLAsync(new Regex(@"/feedback/thanks\?kind=idea&back=%2Fsections%2Fworld$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for your feedback");
        await Expect(page.Locator("main")).ToContainTextAsync("Your idea goes on the public beta board");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go back to the page you were reading" })).ToHaveAttributeAsync("href", "/sections/world");

        await page.GetByRole(AriaRole.Link, new() { Name = "See the ideas on the beta board" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Beta board");
        var shown = page.Locator(".idea").Filter(new() { HasText = idea });
        await Expect(shown.Locator(".idea-text")).ToHaveTextAsync(idea);
        await Expect(shown.Locator(".status")).ToHaveTextAsync("New");
        await Expect(shown.Locator(".votes")).ToHaveTextAsync("0 votes");
    }

    [Fact]
    public async Task A_reader_without_javascript_votes_once_and_a_second_vote_from_a_stale_page_says_already_voted()
    {
        var idea = await SendIdeaAsync(TestData.Unique("A calmer colour for breaking news"));
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        var stale = await page.Context.NewPageAsync();
        await page.GotoAsync("/beta");
        await stale.GotoAsync("/beta");

        var vote = await PageNavigation.RunAsync(page, () => Idea(page, idea).GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync());
        Assert.Equal(303, (await vote!.Request.RedirectedFrom!.ResponseAsync())!.Status);
        await Expect(Idea(page, idea).Locator(".votes")).ToHaveTextAsync("1 vote");
        await Expect(Idea(page, idea).Locator(".vote-status")).ToHaveTextAsync("Thank you: your vote is counted.");
        await Expect(Idea(page, idea).Locator(".voted")).ToHaveTextAsync("You voted for this idea");

        await PageNavigation.RunAsync(stale, () => Idea(stale, idea).GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync());
        await Expect(Idea(stale, idea).Locator(".vote-status")).ToContainTextAsync("You have already voted for this idea");
        await Expect(Idea(stale, idea).Locator(".votes")).ToHaveTextAsync("1 vote");
    }

    [Fact]
    public async Task A_reader_with_javascript_votes_without_a_reload_and_a_second_vote_says_already_voted()
    {
        var idea = await SendIdeaAsync(TestData.Unique("Let me hide sections I never read"));
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        var stale = await page.Context.NewPageAsync();
        await page.GotoAsync("/beta");
        await stale.GotoAsync("/beta");
        // A property of this document: it survives only if the vote does not load a new page.
        await page.EvaluateAsync("() => { window.stillHere = true; }");

        await Idea(page, idea).GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
        await Expect(Idea(page, idea).Locator(".votes")).ToHaveTextAsync("1 vote");
        await Expect(Idea(page, idea).Locator(".vote-status")).ToHaveTextAsync("Thank you: your vote is counted.");
        await Expect(Idea(page, idea).Locator(".voted")).ToBeFocusedAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillHere === true"));
        Assert.Equal("/beta", new Uri(page.Url).PathAndQuery);

        await Idea(stale, idea).GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
        await Expect(Idea(stale, idea).Locator(".vote-status")).ToContainTextAsync("You have already voted for this idea");
        await Expect(Idea(stale, idea).Locator(".votes")).ToHaveTextAsync("1 vote");
    }

    [Fact]
    public async Task A_keyboard_only_reader_reaches_the_feedback_form_from_the_banner_and_sends_it()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        var bannerLink = page.Locator(".beta-banner a");
        await Expect(bannerLink).ToBeFocusedAsync();
        Assert.Equal("Send feedback", (await bannerLink.InnerTextAsync()).Trim());
        // The focus is visible: the house focus style paints links yellow.
        Assert.Equal("rgb(255, 221, 0)", await bannerLink.EvaluateAsync<string>("a => getComputedStyle(a).backgroundColor"));
        await PageNavigation.RunAsync(page, () => page.Keyboard.PressAsync("Enter"));
        await Expect(page).ToHaveURLAsync(new Regex(@"/feedback\?page=%2F$"));

        var firstKind = page.Locator("#kind-bug");
        for (var presses = 0; presses < 40 && !await firstKind.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(firstKind).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#kind-idea")).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Your feedback", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(TestData.Unique("Keyboard shortcuts to move between reports"));
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("The page it is about")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("The page it is about")).ToHaveValueAsync("/");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("keys@example.org");
        await page.Keyboard.PressAsync("Tab");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" });
        await Expect(send).ToBeFocusedAsync();
        Assert.Equal("solid", await send.EvaluateAsync<string>("b => getComputedStyle(b).outlineStyle"));
        await PageNavigation.RunAsync(page, () => page.Keyboard.PressAsync("Space"));

        await Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for your feedback");
    }

    [Fact]
    public async Task A_refused_feedback_form_keeps_the_text_and_shows_each_message_beside_its_field()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        await page.GotoAsync("/feedback?page=%2F");
        await page.GetByLabel("Your feedback", new() { Exact = true }).FillAsync("The <b>menu</b> hides the search box");
        await page.GetByLabel("Your e-mail address (optional)").FillAsync("not an address");
        var refused = await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync());

        Assert.Equal(422, refused!.Status);
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("There is a problem");
        await Expect(page.Locator("#kind-error")).ToContainTextAsync("Choose what kind of feedback this is.");
        await Expect(page.Locator("#email-error")).ToContainTextAsync("Enter an e-mail address");
        await Expect(page.GetByLabel("Your feedback", new() { Exact = true })).ToHaveValueAsync("The <b>menu</b> hides the search box");
        await Expect(page.GetByLabel("Your e-mail address (optional)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".error-summary a").First).ToHaveAttributeAsync("href", "#kind-bug");
    }

    [Fact]
    public async Task A_reader_who_sends_feedback_too_often_gets_a_readable_429_page_with_the_text_kept()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        await page.GotoAsync("/feedback");
        await SendBugAsync(page, "First note");
        await page.GotoAsync("/feedback");
        // The reader now has a token, so the form carries an anti-forgery token the quick sends below reuse.
        var form = new Dictionary<string, string>
        {
            ["__af"] = await page.Locator("input[name=__af]").InputValueAsync(),
            ["kind"] = "bug",
            ["text"] = "Another note",
        };
        var status = 0;
        for (var sends = 0; sends < 60 && status != 429; sends++)
        {
            var response = await page.Context.APIRequest.PostAsync("/feedback", new()
            {
                Form = FormOf(page, form),
                MaxRedirects = 0,
            });
            status = response.Status;
            Assert.True(status is 303 or 429, $"a quick send answered {status}");
        }
        Assert.Equal(429, status);

        var text = TestData.Unique("This one should wait");
        var refused = await SendBugAsync(page, text);
        Assert.Equal(429, refused.Status);
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("You have sent a lot in a short time. Wait a minute");
        await Expect(page.GetByLabel("Your feedback", new() { Exact = true })).ToHaveValueAsync(text);
    }

    private static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }

    private static async Task<IResponse> SendBugAsync(IPage page, string text)
    {
        await page.GetByLabel("Something is broken").CheckAsync();
        await page.GetByLabel("Your feedback", new() { Exact = true }).FillAsync(text);
        return (await PageNavigation.RunAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync()))!;
    }

    private static ILocator Idea(IPage page, string text) => page.Locator(".idea").Filter(new() { HasText = text });

    private async Task<string> SendIdeaAsync(string text)
    {
        var sent = await platform.Gateway.PostAsJsonAsync("/api/feedback", new { kind = "idea", text, page = "/beta" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return text;
    }
}

/// <summary>Navigations driven by a click or key, answered with the document the page ends on.</summary>
internal static class PageNavigation
{
    /// <summary>
    /// Runs the action and returns the response of the document the main frame ends on (after any redirect, whose
    /// response is reachable through <c>Request.RedirectedFrom</c>).
    /// </summary>
    public static Task<IResponse> RunAsync(IPage page, Func<Task> action) =>
        page.RunAndWaitForResponseAsync(action, response => response.Request.IsNavigationRequest
            && response.Request.Frame == page.MainFrame && response.Status is < 300 or >= 400);
}
