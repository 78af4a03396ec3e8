using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Web;

[Collection(PlatformCollection.Name)]
public sealed class SearchTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task A_reader_who_types_a_variant_spelling_in_the_search_box_sees_both_reports_the_exact_one_first_with_marks()
    {
        var editor = platform.EditorGateway();
        var village = "Qurbat" + Guid.NewGuid().ToString("N")[..6];
        var exactHeadline = TestData.Unique("Three armed men stopped at the river");
        // Reader-facing text from the API must stay text: this headline carries markup that must never run.
        var variantHeadline = TestData.Unique("<script>document.title='owned'</script> Five killed after a crossing");
        await ArticleClient.FileAsync(editor, ArticleClient.Report(exactHeadline,
            body: $"Guards said the men reached {village} in Shamsiddin Shohin district at night."));
        await ArticleClient.FileAsync(editor, ArticleClient.Report(variantHeadline,
            body: $"The attack near {village} in Shamsiddin Shokhin district left five dead."));

        var page = await browser.NewPageAsync(platform.GatewayAddress);
        // Any page has the box; the beta board keeps this test off the front page's cold start.
        await page.GotoAsync("/beta");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the news" }).FillAsync($"{village} Shohin");
        var response = await PageNavigation.RunAsync(page, () => page.Keyboard.PressAsync("Enter"));

        Assert.Equal(200, response!.Status);
        Assert.Equal("private, no-cache", response.Headers["cache-control"]);
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Search results for “{village} Shohin”");
        await Expect(page.Locator("meta[name=robots]")).ToHaveAttributeAsync("content", "noindex");
        var hits = page.Locator(".search-hit");
        await Expect(hits.Locator("h2")).ToHaveTextAsync([exactHeadline, variantHeadline]);
        await Expect(hits.Nth(0).Locator(".snippet mark")).ToContainTextAsync(["Shohin"]);
        // The other spelling is marked too, and the report is labelled as found through it.
        await Expect(hits.Nth(1).Locator(".snippet mark")).ToContainTextAsync(["Shokhin"]);
        await Expect(hits.Nth(1).Locator(".tag-variant")).ToHaveTextAsync("Other spelling");
        Assert.Equal(0, await page.Locator("main script").CountAsync());
        Assert.NotEqual("owned", await page.TitleAsync());
    }

    [Fact]
    public async Task An_over_long_or_malformed_search_is_a_readable_400_page_and_an_empty_one_shows_the_form()
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);

        var tooLong = await page.GotoAsync("/search?q=" + new string('b', 201));
        Assert.Equal(400, tooLong!.Status);
        Assert.StartsWith("text/html", tooLong.Headers["content-type"]);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Search the news");
        await Expect(page.Locator("#search-error")).ToContainTextAsync("Use at most 200");
        await Expect(page.GetByLabel("Words to search for")).ToHaveAttributeAsync("aria-invalid", "true");

        foreach (var malformed in new[] { "/search?q=border&page=abc", "/search?q=border&page=0", "/search?q=a&q=b", "/search?q=%21%21%21" })
        {
            var refused = await page.GotoAsync(malformed);
            Assert.True(refused!.Status == 400, $"{malformed} answered {refused.Status}");
            await Expect(page.Locator("#search-error")).ToBeVisibleAsync();
        }

        var empty = await page.GotoAsync("/search?q=");
        Assert.Equal(200, empty!.Status);
        await Expect(page.GetByLabel("Words to search for")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator(".search-results, .empty-results, .field-error").CountAsync());

        var nothing = await page.GotoAsync($"/search?q=zzqq{Guid.NewGuid():N}");
        Assert.Equal(200, nothing!.Status);
        await Expect(page.Locator(".empty-results")).ToContainTextAsync("No reports match");
    }
}
