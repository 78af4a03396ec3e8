using System.Text.Json;
using Microsoft.Playwright;
using Nojor.IntegrationTests.Articles;
using static Microsoft.Playwright.Assertions;

namespace Nojor.IntegrationTests.Web;

/// <summary>Reading the news in a browser: the report page, the lists that lead to it, and what a bad address gets.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReadingTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task A_reader_follows_a_report_from_the_front_page_and_reads_it_with_its_story_and_related_reports()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var tag = $"harbour-{id}";
        var story = $"Harbour dredging {id}";
        var earlier = await FileAsync(new ReportSpec($"Dredgers arrive at the harbour mouth {id}") { Story = story, Tags = [tag] });
        var unrelatedStory = await FileAsync(new ReportSpec($"Fishing fleet waits out the dredging {id}") { Tags = [tag] });
        var headline = $"Harbour reopens to ferries after dredging {id}";
        var report = await FileAsync(new ReportSpec(headline)
        {
            Story = story,
            Tags = [tag],
            Dateline = "Bergen",
            Byline = "Ingrid Solberg",
            Body = "The first ferry left at dawn.\n\nPilots said the channel is now deep enough for the larger boats.",
        });

        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = headline, Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(platform.GatewayAddress, $"/articles/{report.Slug}").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync(headline);
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.Locator(".report-standfirst")).ToHaveTextAsync($"Summary of {headline}.");
        await Expect(page.Locator(".dateline")).ToHaveTextAsync("Bergen");
        await Expect(page.Locator(".byline")).ToHaveTextAsync("By Ingrid Solberg");
        var published = page.Locator(".published time");
        Assert.Equal(report.PublishedAt, DateTimeOffset.Parse(await published.GetAttributeAsync("datetime") ?? "", null, System.Globalization.DateTimeStyles.AssumeUniversal), TimeSpan.FromSeconds(1));
        await Expect(page.Locator(".report-body p")).ToHaveTextAsync(["The first ferry left at dawn.", "Pilots said the channel is now deep enough for the larger boats."]);

        var timeline = page.Locator(".story-timeline");
        await Expect(timeline.GetByRole(AriaRole.Link, new() { Name = story, Exact = true })).ToHaveAttributeAsync("href", $"/stories/{earlier.StorySlug}");
        await Expect(timeline.GetByRole(AriaRole.Link, new() { Name = earlier.Headline })).ToHaveAttributeAsync("href", $"/articles/{earlier.Slug}");
        var related = page.Locator(".related");
        await Expect(related.GetByRole(AriaRole.Link, new() { Name = unrelatedStory.Headline })).ToHaveAttributeAsync("href", $"/articles/{unrelatedStory.Slug}");
        // A report already in the story timeline is not repeated among related ones.
        await Expect(related.GetByRole(AriaRole.Link, new() { Name = earlier.Headline })).ToHaveCountAsync(0);

        var topics = page.Locator(".report-topics");
        await Expect(topics.GetByRole(AriaRole.Link, new() { Name = "World", Exact = true })).ToHaveAttributeAsync("href", "/sections/world");
        await Expect(topics.GetByRole(AriaRole.Link, new() { Name = tag, Exact = true })).ToHaveAttributeAsync("href", $"/tags/{tag}");
    }

    [Fact]
    public async Task A_corrected_report_shows_its_dated_correction_and_a_retracted_one_stays_readable_under_a_banner()
    {
        var headline = TestData.Unique("Bridge inspection finds cracked bearings");
        var report = await FileAsync(new ReportSpec(headline));
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync($"/articles/{report.Slug}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(headline);
        await Expect(page.Locator(".corrections")).ToHaveCountAsync(0);
        await Expect(page.Locator(".retraction")).ToHaveCountAsync(0);

        using var editor = platform.EditorGateway();
        var corrected = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{report.Id}/corrections",
            new { note = "An earlier version gave the wrong number of bearings." }, ifMatch: report.ETag);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

        // A reload revalidates, as a reader's reload does; the browser may keep the page for its max-age otherwise.
        await page.ReloadAsync();
        var corrections = page.Locator("#corrections");
        await Expect(corrections.Locator("h2")).ToHaveTextAsync("Corrections");
        await Expect(corrections.Locator("li")).ToContainTextAsync("An earlier version gave the wrong number of bearings.");
        Assert.NotNull(await corrections.Locator("li time").GetAttributeAsync("datetime"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "This report has been corrected" })).ToHaveAttributeAsync("href", "#corrections");

        var retracted = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{report.Id}/retract",
            new { reason = "The inspection report we quoted was a draft." });
        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);

        var response = await page.ReloadAsync();
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator(".retraction")).ToContainTextAsync("Retracted");
        await Expect(page.Locator(".retraction")).ToContainTextAsync("Reason: The inspection report we quoted was a draft.");
        await Expect(page.Locator("h1")).ToHaveTextAsync(headline);
        await Expect(page.Locator(".report-body")).ToContainTextAsync("A short body.");
        await Expect(page.Locator(".updated time")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Section_tag_place_and_story_pages_each_list_the_report_under_their_own_heading()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (country, region, district) = ($"Testland {id}", $"Upper Vale {id}", $"Millford {id}");
        var tag = $"millrace-{id}";
        var story = $"Millford flood defences {id}";
        var headline = $"Flood wall finished before the spring melt {id}";
        var report = await FileAsync(new ReportSpec(headline)
        {
            Section = "science",
            Tags = [tag],
            Story = story,
            Places = [new { country, region, district }],
        });
        var page = await browser.NewPageAsync(platform.GatewayAddress);

        await page.GotoAsync($"/articles/{report.Slug}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"{district}, {region}, {country}" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"News from {district}");
        var breadcrumb = page.GetByRole(AriaRole.Navigation, new() { Name = "Place" });
        var countryPath = $"/places/{Uri.EscapeDataString(country)}";
        await Expect(breadcrumb.GetByRole(AriaRole.Link, new() { Name = country })).ToHaveAttributeAsync("href", countryPath);
        await Expect(breadcrumb.GetByRole(AriaRole.Link, new() { Name = region })).ToHaveAttributeAsync("href", $"{countryPath}/{Uri.EscapeDataString(region)}");
        await Expect(breadcrumb.GetByRole(AriaRole.Link, new() { Name = district })).ToHaveAttributeAsync("aria-current", "page");
        await ExpectListedAsync(page, headline);

        await breadcrumb.GetByRole(AriaRole.Link, new() { Name = region }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"News from {region}");
        await ExpectListedAsync(page, headline);
        await breadcrumb.GetByRole(AriaRole.Link, new() { Name = country }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"News from {country}");
        await ExpectListedAsync(page, headline);

        await page.GotoAsync("/sections/science");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Science");
        await ExpectListedAsync(page, headline);

        await page.GotoAsync($"/tags/{tag}");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Reports tagged {tag}");
        await ExpectListedAsync(page, headline);

        await page.GotoAsync($"/stories/{report.StorySlug}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(story);
        await ExpectListedAsync(page, headline);
    }

    [Fact]
    public async Task A_long_list_continues_on_the_next_page_through_more_reports()
    {
        var tag = $"allotment-{Guid.NewGuid():N}"[..20];
        var headlines = new List<string>();
        for (var i = 0; i < 21; i++)
        {
            headlines.Add((await FileAsync(new ReportSpec(TestData.Unique($"Allotment plot {i} handed to a new gardener")) { Tags = [tag] })).Headline);
        }

        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        await page.GotoAsync($"/tags/{tag}");
        await Expect(page.Locator(".article-card")).ToHaveCountAsync(20);
        await ExpectListedAsync(page, headlines[^1]);
        await page.GetByRole(AriaRole.Link, new() { Name = "More reports" }).ClickAsync();

        await Expect(page.Locator(".article-card")).ToHaveCountAsync(1);
        await ExpectListedAsync(page, headlines[0]);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "More reports" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_report_page_tells_search_engines_and_link_previews_what_it_is()
    {
        // A headline that would end the JSON-LD block early if it were written into it unescaped.
        var headline = TestData.Unique("Council publishes </script><script>alert(1)</script> budget");
        var report = await FileAsync(new ReportSpec(headline) { Byline = "Aino Virtanen", Tags = ["budget", "council"], Section = "politics" });
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync($"/articles/{report.Slug}");

        var canonical = new Uri(platform.GatewayAddress, $"/articles/{report.Slug}").ToString();
        var description = $"Summary of {headline}.";
        await Expect(page).ToHaveTitleAsync($"{headline} – Nojor");
        await Expect(page.Locator("h1")).ToHaveTextAsync(headline);
        await Expect(page.Locator("link[rel=canonical]")).ToHaveAttributeAsync("href", canonical);
        await Expect(page.Locator("meta[name=description]")).ToHaveAttributeAsync("content", description);
        await Expect(page.Locator("meta[property='og:type']")).ToHaveAttributeAsync("content", "article");
        await Expect(page.Locator("meta[property='og:url']")).ToHaveAttributeAsync("content", canonical);
        await Expect(page.Locator("meta[property='og:description']")).ToHaveAttributeAsync("content", description);
        await Expect(page.Locator("meta[property='article:section']")).ToHaveAttributeAsync("content", "Politics");
        await Expect(page.Locator("meta[property='article:tag']")).ToHaveCountAsync(2);
        await Expect(page.Locator("meta[property='article:tag']").First).ToHaveAttributeAsync("content", "budget");
        var publishedTime = DateTimeOffset.Parse(await page.Locator("meta[property='article:published_time']").GetAttributeAsync("content") ?? "");
        var modifiedTime = DateTimeOffset.Parse(await page.Locator("meta[property='article:modified_time']").GetAttributeAsync("content") ?? "");
        Assert.Equal(report.PublishedAt, publishedTime, TimeSpan.FromSeconds(1));
        await Expect(page.Locator("meta[name='twitter:card']")).ToHaveAttributeAsync("content", "summary");
        await Expect(page.Locator("meta[name='twitter:title']")).ToHaveAttributeAsync("content", $"{headline} – Nojor");
        await Expect(page.Locator("link[rel=alternate][type='application/rss+xml']")).ToHaveAttributeAsync("href", "/api/feeds/rss.xml");

        var blocks = page.Locator("script[type='application/ld+json']");
        await Expect(blocks).ToHaveCountAsync(1);
        var linkedData = JsonDocument.Parse(await blocks.TextContentAsync() ?? "").RootElement;
        Assert.Equal("https://schema.org", linkedData.GetProperty("@context").GetString());
        Assert.Equal("NewsArticle", linkedData.GetProperty("@type").GetString());
        Assert.Equal(headline, linkedData.GetProperty("headline").GetString());
        Assert.Equal(description, linkedData.GetProperty("description").GetString());
        Assert.Equal(publishedTime, linkedData.GetProperty("datePublished").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal(modifiedTime, linkedData.GetProperty("dateModified").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal("Aino Virtanen", linkedData.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("Politics", linkedData.GetProperty("articleSection").GetString());
        Assert.Equal("en", linkedData.GetProperty("inLanguage").GetString());
        Assert.Equal(canonical, linkedData.GetProperty("url").GetString());
        Assert.True(linkedData.GetProperty("isAccessibleForFree").GetBoolean());
    }

    [Fact]
    public async Task An_arabic_report_is_marked_as_arabic_and_reads_right_to_left()
    {
        var headline = TestData.Unique("افتتاح جسر جديد فوق النهر");
        var tag = $"bridge-{Guid.NewGuid():N}"[..20];
        var report = await FileAsync(new ReportSpec(headline) { Language = "ar", Body = "عبرت أول سيارة الجسر صباح اليوم.", Tags = [tag] });
        var page = await browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync($"/articles/{report.Slug}");

        await Expect(page.Locator("h1")).ToHaveTextAsync(headline);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        // Nothing parked off-screen widens a right-to-left page (it would scroll sideways towards the left).
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        var linkedData = JsonDocument.Parse(await page.Locator("script[type='application/ld+json']").TextContentAsync() ?? "").RootElement;
        Assert.Equal(headline, linkedData.GetProperty("headline").GetString());
        Assert.Equal("ar", linkedData.GetProperty("inLanguage").GetString());
        // The platform's own words around the report stay English and left-to-right.
        foreach (var chrome in new[] { "header.site-header", "footer.site-footer", "aside.beta-banner" })
        {
            await Expect(page.Locator(chrome)).ToHaveAttributeAsync("lang", "en");
            await Expect(page.Locator(chrome)).ToHaveAttributeAsync("dir", "ltr");
        }

        // In a list, the report's headline carries its language, not the card's section name or date.
        await page.GotoAsync("/tags/" + tag);
        var card = page.Locator("li.article-card", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = headline }) });
        await Expect(card.Locator("h2")).ToHaveAttributeAsync("lang", "ar");
        await Expect(card.Locator("h2")).ToHaveAttributeAsync("dir", "rtl");
        Assert.Null(await card.GetAttributeAsync("lang"));
        Assert.Null(await card.GetAttributeAsync("dir"));
    }

    [Theory]
    [InlineData("/articles/no-report-has-this-slug")]
    [InlineData("/articles/Not%20A%20Slug%3F%3C%3E")]
    [InlineData("/articles/a-slug-far-longer-than-any-report-could-have-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("/sections/gossip")]
    [InlineData("/tags/no-report-carries-this-tag")]
    [InlineData("/places/Nowhereland")]
    [InlineData("/stories/no-story-has-this-slug")]
    public async Task An_unknown_report_section_tag_place_or_story_is_a_readable_not_found_page(string path)
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        var response = await page.GotoAsync(path);

        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"]);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
    }

    [Theory]
    [InlineData("/?cursor=not-a-cursor")]
    [InlineData("/sections/world?cursor=%3Cscript%3E")]
    [InlineData("/tags/test?cursor=" + LongCursor)]
    [InlineData("/places/Norway?cursor=AAAA")]
    public async Task A_cursor_the_service_did_not_issue_is_a_readable_bad_request_page(string path)
    {
        var page = await browser.NewPageAsync(platform.GatewayAddress, javaScript: false);
        var response = await page.GotoAsync(path);

        Assert.Equal(400, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"]);
        await Expect(page.Locator("h1")).ToHaveTextAsync("We could not read that request");
    }

    private const string LongCursor =
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static async Task ExpectListedAsync(IPage page, string headline) =>
        await Expect(page.Locator(".article-list").GetByRole(AriaRole.Link, new() { Name = headline, Exact = true })).ToHaveCountAsync(1);

    private async Task<FiledReport> FileAsync(ReportSpec spec)
    {
        using var editor = platform.EditorGateway();
        var (body, etag) = await ArticleClient.FileAsync(editor, new
        {
            headline = spec.Headline,
            summary = $"Summary of {spec.Headline}.",
            body = spec.Body,
            section = spec.Section,
            tags = spec.Tags,
            places = spec.Places,
            story = spec.Story,
            dateline = spec.Dateline,
            byline = spec.Byline,
            language = spec.Language,
            urgency = 5,
        });
        return new FiledReport(
            body.GetProperty("id").GetString()!,
            body.GetProperty("slug").GetString()!,
            spec.Headline,
            body.GetProperty("publishedAt").GetDateTimeOffset(),
            body.GetProperty("story") is { ValueKind: JsonValueKind.Object } story ? story.GetProperty("slug").GetString() : null,
            etag);
    }

    private sealed record ReportSpec(string Headline)
    {
        public string Section { get; init; } = "world";
        public string Body { get; init; } = "A short body.";
        public string[] Tags { get; init; } = ["test"];
        public object[] Places { get; init; } = [];
        public string? Story { get; init; }
        public string? Dateline { get; init; }
        public string? Byline { get; init; }
        public string? Language { get; init; }
    }

    private sealed record FiledReport(string Id, string Slug, string Headline, DateTimeOffset PublishedAt, string? StorySlug, string ETag);
}
