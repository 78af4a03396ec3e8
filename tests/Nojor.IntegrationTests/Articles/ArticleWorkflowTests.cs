using System.Text.Json;

namespace Nojor.IntegrationTests.Articles;

[Collection(PlatformCollection.Name)]
public sealed class ArticleWorkflowTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_draft_is_hidden_until_published_and_then_readable_by_slug_and_id()
    {
        var editor = platform.EditorGateway();
        var headline = TestData.Unique("Council weighs a new river bridge");
        var (draft, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, draft: true, language: "en-gb"));
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal("en-GB", draft.GetProperty("language").GetString());
        var slug = draft.GetProperty("slug").GetString()!;
        var id = draft.GetProperty("id").GetString()!;

        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/articles/{slug}"), HttpStatusCode.NotFound);

        var published = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/publish", ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var bySlug = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
        var byId = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/by-id/{id}");
        Assert.Equal("published", bySlug.GetProperty("status").GetString());
        Assert.Equal(slug, byId.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Strong_etags_answer_304_and_a_stale_if_match_is_412_without_changing_anything()
    {
        var editor = platform.EditorGateway();
        var headline = TestData.Unique("Ferry timetable changes for winter");
        var (filed, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline));
        var slug = filed.GetProperty("slug").GetString()!;
        var id = filed.GetProperty("id").GetString()!;

        var read = await platform.Gateway.GetAsync($"/api/articles/{slug}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag!.ToString());
        Assert.False(read.Headers.ETag.IsWeak);
        Assert.True(read.Headers.CacheControl!.Public);
        Assert.NotNull(read.Headers.CacheControl.MaxAge);

        var notModified = await ArticleClient.SendAsync(platform.Gateway, HttpMethod.Get, $"/api/articles/{slug}", ifNoneMatch: etag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var edit = ArticleClient.Report(headline + " (updated)");
        await ProblemAssert.IsProblemAsync(await ArticleClient.SendAsync(editor, HttpMethod.Put, $"/api/articles/by-id/{id}", edit), HttpStatusCode.PreconditionRequired);
        var first = await ArticleClient.SendAsync(editor, HttpMethod.Put, $"/api/articles/by-id/{id}", edit, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var newTag = first.Headers.ETag!.ToString();
        Assert.NotEqual(etag, newTag);

        // A second editor still holding the old version loses, and the first editor's text stays.
        var second = await ArticleClient.SendAsync(editor, HttpMethod.Put, $"/api/articles/by-id/{id}", ArticleClient.Report("Overwritten"), ifMatch: etag);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.PreconditionFailed);

        var now = await ArticleClient.SendAsync(platform.Gateway, HttpMethod.Get, $"/api/articles/{slug}", ifNoneMatch: etag);
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        Assert.Equal(newTag, now.Headers.ETag!.ToString());
        var body = await now.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(headline + " (updated)", body.GetProperty("headline").GetString());
        Assert.Equal(slug, body.GetProperty("slug").GetString()); // the slug never follows the headline
        Assert.Equal(2, body.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Corrections_append_a_dated_note_every_change_is_a_revision_and_retraction_keeps_the_report_marked()
    {
        var editor = platform.EditorGateway();
        var headline = TestData.Unique("Water supply restored in the old town");
        var (filed, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, body: "Supply returned on **Tuesday**.<script>alert(1)</script>"));
        Assert.DoesNotContain("<script", filed.GetProperty("bodyHtml").GetString());
        Assert.Contains("<strong>Tuesday</strong>", filed.GetProperty("bodyHtml").GetString());
        var slug = filed.GetProperty("slug").GetString()!;
        var id = filed.GetProperty("id").GetString()!;

        var corrected = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/corrections",
            new { note = "An earlier version gave the wrong day.", body = "Supply returned on Wednesday." }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var correction = (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("corrections").EnumerateArray().Single();
        Assert.Equal("An earlier version gave the wrong day.", correction.GetProperty("note").GetString());
        Assert.True(correction.TryGetProperty("at", out _));

        await ProblemAssert.IsProblemAsync(await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/retract", new { reason = "" }), HttpStatusCode.BadRequest);
        var retracted = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/retract", new { reason = "The source withdrew the account." });
        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);

        var read = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
        Assert.Equal("retracted", read.GetProperty("status").GetString());
        Assert.Equal("The source withdrew the account.", read.GetProperty("retraction").GetProperty("reason").GetString());
        var list = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/articles?limit=100");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("slug").GetString() == slug);

        var revisions = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/revisions");
        Assert.Equal(["created", "corrected", "retracted"], revisions.EnumerateArray().Select(r => r.GetProperty("change").GetString()));
        Assert.Equal([1, 2, 3], revisions.EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));
        Assert.Contains("Tuesday", revisions[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task Bad_input_gets_the_right_problem_status_and_stores_nothing()
    {
        var editor = platform.EditorGateway();
        var marker = TestData.Unique("Refused report");
        var (existing, _) = await ArticleClient.FileAsync(editor, new { headline = marker + " original", section = "world" });
        var taken = existing.GetProperty("slug").GetString();

        async Task Expect(object request, HttpStatusCode status, string? field = null)
        {
            var problem = await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/articles", request), status);
            if (field is not null)
            {
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
            }
        }

        await Expect(new { summary = "no headline" }, HttpStatusCode.BadRequest, "headline");
        await Expect(new { headline = new string('h', 201) }, HttpStatusCode.BadRequest, "headline");
        await Expect(new { headline = marker, section = "astrology" }, HttpStatusCode.BadRequest, "section");
        await Expect(new { headline = marker, urgency = 0 }, HttpStatusCode.BadRequest, "urgency");
        await Expect(new { headline = marker, urgency = 10 }, HttpStatusCode.BadRequest, "urgency");
        await Expect(new { headline = marker, language = "zz" }, HttpStatusCode.BadRequest, "language");
        await Expect(new { headline = marker, language = "not a tag" }, HttpStatusCode.BadRequest, "language");
        await Expect(new { headline = marker, places = new[] { new { region = "No country" } } }, HttpStatusCode.BadRequest, "places");
        await Expect(new { headline = marker, publishAt = DateTimeOffset.UtcNow.AddMinutes(-5) }, HttpStatusCode.UnprocessableEntity);
        await Expect(new { headline = marker, slug = taken }, HttpStatusCode.Conflict);
        await Expect(new { headline = marker, body = new string('b', 256 * 1024 + 1) }, HttpStatusCode.RequestEntityTooLarge);
        await Expect(new { headline = marker, body = new string('b', 400 * 1024) }, HttpStatusCode.RequestEntityTooLarge);

        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/articles?cursor=not-a-cursor"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/articles?urgency=12"), HttpStatusCode.BadRequest);

        var list = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/articles?limit=100");
        Assert.Single(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("headline").GetString()!.StartsWith(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_headline_filed_again_gets_the_next_free_number_and_the_longest_slug_keeps_within_its_limit()
    {
        var editor = platform.EditorGateway();
        var headline = TestData.Unique("Ferry timetable changes for the winter");
        var slugs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (filed, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, draft: true));
            slugs.Add(filed.GetProperty("slug").GetString()!);
        }
        Assert.Equal([slugs[0], $"{slugs[0]}-2", $"{slugs[0]}-3"], slugs);

        // A headline of the longest length makes a slug of the longest length (120): the number takes the end of the
        // second one's words instead of making it too long to store.
        var longest = (TestData.Unique("Harbour") + string.Concat(Enumerable.Repeat(" breakwater", 20)))[..200];
        var (first, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(longest, draft: true));
        var (second, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(longest, draft: true));
        var firstSlug = first.GetProperty("slug").GetString()!;
        var secondSlug = second.GetProperty("slug").GetString()!;
        Assert.Equal(120, firstSlug.Length);
        Assert.True(secondSlug.Length <= 120, secondSlug);
        Assert.EndsWith("-2", secondSlug, StringComparison.Ordinal);
        Assert.StartsWith(secondSlug[..^2], firstSlug, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cursor_pages_are_stable_while_new_reports_arrive_and_filters_apply()
    {
        var editor = platform.EditorGateway();
        var tag = "paging" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique($"Paging report {i}"), tags: [tag], language: i % 2 == 0 ? "en" : "fr"));
        }
        var first = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag}&limit=2");
        var firstSlugs = first.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()).ToList();
        var cursor = first.GetProperty("nextCursor").GetString();

        // A newer report arrives between pages; it must not shift what page two shows.
        await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Late paging report"), tags: [tag]));
        var second = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag}&limit=2&cursor={cursor}");
        var third = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag}&limit=2&cursor={second.GetProperty("nextCursor").GetString()}");
        var all = firstSlugs.Concat(second.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()))
            .Concat(third.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString())).ToList();
        Assert.Equal(5, all.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);

        var french = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag}&language=fr");
        Assert.Equal(2, french.GetProperty("items").GetArrayLength());
        var none = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag}&section=sport");
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_story_timeline_lists_its_reports_in_order_and_related_reports_share_story_or_place()
    {
        var editor = platform.EditorGateway();
        var story = TestData.Unique("Valley flooding");
        var place = new[] { new { country = "Nepal", region = "Koshi", district = "Sunsari" } };
        var (a, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("River rises"), story: story, places: place));
        var (b, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Villages evacuated"), story: story));
        var storySlug = a.GetProperty("story").GetProperty("slug").GetString();
        Assert.Equal(storySlug, b.GetProperty("story").GetProperty("slug").GetString());

        var timeline = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/stories/{storySlug}");
        Assert.Equal(story, timeline.GetProperty("title").GetString());
        Assert.Equal([a.GetProperty("slug").GetString(), b.GetProperty("slug").GetString()],
            timeline.GetProperty("timeline").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));

        var related = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{b.GetProperty("slug").GetString()}/related");
        Assert.Contains(related.GetProperty("items").EnumerateArray(), r => r.GetProperty("slug").GetString() == a.GetProperty("slug").GetString());
        var byPlace = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles?place=sunsari&story={storySlug}");
        Assert.Single(byPlace.GetProperty("items").EnumerateArray());
    }
}
