using System.Text.Json;

namespace Nojor.IntegrationTests.Articles;

[Collection(PlatformCollection.Name)]
public sealed class SchedulingTests(PlatformFixture platform)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Scheduled_reports_are_published_exactly_once_while_two_instances_run_their_schedulers()
    {
        // Both instances share the database; each has its own scheduler polling every couple of seconds.
        using var second = platform.App.CreateHttpClient(ResourceNames.ArticleApiSecondInstance);
        Assert.Equal("Healthy", await second.GetStringAsync("/health"));

        await using var receiver = await WebhookReceiver.StartAsync();
        await TestData.SubscribeAsync(platform.Gateway, receiver.Url);
        var editor = platform.EditorGateway();
        var headlines = Enumerable.Range(0, 6).Select(i => TestData.Unique($"Scheduled bulletin {i}")).ToList();
        var drafts = new List<(string Id, string Slug)>();
        foreach (var headline in headlines)
        {
            var (filed, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, urgency: 2, breaking: true, draft: true));
            drafts.Add((filed.GetProperty("id").GetString()!, filed.GetProperty("slug").GetString()!));
        }
        // All six fall due at the same moment, so the schedulers race for one batch; set after filing, and far enough
        // ahead, that a loaded machine cannot push the time into the past before the last one is scheduled (six schedule
        // calls once took more than 8 s under load).
        var publishAt = DateTimeOffset.UtcNow.AddSeconds(20);
        foreach (var (id, _) in drafts)
        {
            var scheduled = await editor.PostAsJsonAsync($"/api/articles/by-id/{id}/schedule", new { publishAt });
            Assert.True(scheduled.IsSuccessStatusCode, await scheduled.Content.ReadAsStringAsync());
            Assert.Equal("scheduled", (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        var slugs = drafts.Select(d => d.Slug).ToList();
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/articles/{slugs[0]}"), HttpStatusCode.NotFound);
        // A marker due a few seconds after them: by the time it is out, the schedulers have passed over the six again.
        var marker = TestData.Unique("Scheduled marker bulletin");
        var (markerDraft, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(marker, urgency: 2, breaking: true, draft: true));
        var markerScheduled = await editor.PostAsJsonAsync($"/api/articles/by-id/{markerDraft.GetProperty("id").GetString()}/schedule",
            new { publishAt = publishAt.AddSeconds(4) });
        Assert.True(markerScheduled.IsSuccessStatusCode, await markerScheduled.Content.ReadAsStringAsync());

        foreach (var slug in slugs)
        {
            await Eventually.EventuallyAsync(async () =>
                (await platform.Gateway.GetAsync($"/api/articles/{slug}")).IsSuccessStatusCode ? (bool?)true : null, Generous, $"{slug} to be published");
        }
        await receiver.ReceivedAsync(marker, Generous);
        foreach (var slug in slugs)
        {
            var revisions = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/revisions");
            Assert.Single(revisions.EnumerateArray(), r => r.GetProperty("change").GetString() == "published");
        }

        // Each publication raised its breaking-news event once: every report's alert arrives, and none twice. The reports
        // belong to no story, so none supersedes another.
        foreach (var headline in headlines)
        {
            await receiver.ReceivedAsync(headline, TimeSpan.FromMinutes(2));
        }
        foreach (var headline in headlines)
        {
            Assert.True(receiver.All.Count(w => w.Body.Contains(headline, StringComparison.Ordinal)) == 1, $"{headline} was alerted more than once");
        }
    }

    [Fact]
    public async Task An_embargoed_report_is_invisible_and_raises_no_event_until_the_embargo_passes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await TestData.SubscribeAsync(platform.Gateway, receiver.Url);
        var editor = platform.EditorGateway();
        var headline = TestData.Unique("Embargoed flash on the election result");
        var embargo = DateTimeOffset.UtcNow.AddSeconds(8);
        var (filed, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, urgency: 1, embargoUntil: embargo));
        var slug = filed.GetProperty("slug").GetString()!;
        Assert.Equal("scheduled", filed.GetProperty("status").GetString());

        while (DateTimeOffset.UtcNow < embargo.AddSeconds(-1))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await platform.Gateway.GetAsync($"/api/articles/{slug}")).StatusCode);
            var search = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(headline)}");
            Assert.Equal(0, search.GetProperty("items").GetArrayLength());
            Assert.DoesNotContain(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
            await Task.Delay(500);
        }

        await receiver.WaitForAsync(headline, Generous);
        var read = (await Eventually.EventuallyAsync(async () =>
        {
            var response = await platform.Gateway.GetAsync($"/api/articles/{slug}");
            return response.IsSuccessStatusCode ? (JsonElement?)await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }, Generous, "the report after its embargo")).GetValueOrDefault();
        Assert.Equal("published", read.GetProperty("status").GetString());
        Assert.True(read.GetProperty("publishedAt").GetDateTimeOffset() >= embargo.AddSeconds(-1));
    }
}
