using System.Text.Json;

namespace Nojor.IntegrationTests.Articles;

[Collection(PlatformCollection.Name)]
public sealed class EditorialQueueTests(PlatformFixture platform)
{
    [Fact]
    public async Task Editors_list_drafts_scheduled_and_embargoed_reports_that_readers_never_see()
    {
        var editor = platform.EditorGateway();
        var unique = TestData.Unique("Harbour dredging");
        var (draft, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report($"{unique} draft", draft: true));
        var (scheduled, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report($"{unique} scheduled",
            publishAt: DateTimeOffset.UtcNow.AddHours(3)));
        var (embargoed, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report($"{unique} embargoed",
            embargoUntil: DateTimeOffset.UtcNow.AddHours(3)));

        async Task<List<string>> HeadlinesAsync(string status)
        {
            var list = await editor.GetFromJsonAsync<JsonElement>($"/api/articles/by-status/{status}?q={Uri.EscapeDataString(unique)}");
            return [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("headline").GetString()!)];
        }

        Assert.Equal([$"{unique} draft"], await HeadlinesAsync("draft"));
        Assert.Equal([$"{unique} scheduled"], await HeadlinesAsync("scheduled"));
        Assert.Equal([$"{unique} embargoed"], await HeadlinesAsync("embargoed"));
        Assert.Equal(3, (await HeadlinesAsync("all")).Count);
        Assert.Empty(await HeadlinesAsync("retracted"));

        var revisions = await editor.GetFromJsonAsync<JsonElement>($"/api/articles/by-id/{draft.GetProperty("id").GetString()}/revisions");
        Assert.Equal("created", revisions[0].GetProperty("change").GetString());
        Assert.NotEqual(scheduled.GetProperty("id").GetString(), embargoed.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_preview_renders_markdown_as_a_save_would_and_stores_nothing()
    {
        var editor = platform.EditorGateway();
        var response = await editor.PostAsJsonAsync("/api/articles/preview", new { body = "Ferries **resume** today.\n\n<script>alert(1)</script>" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bodyHtml").GetString()!;
        Assert.Contains("<strong>resume</strong>", html);
        Assert.DoesNotContain("<script", html);
        await ProblemAssert.IsProblemAsync(await platform.Gateway.PostAsJsonAsync("/api/articles/preview", new { body = "x" }),
            HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_editors_list_refuses_readers_and_unknown_statuses_with_problems()
    {
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/articles/by-status/draft"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await platform.ReaderGateway().GetAsync("/api/articles/by-status/draft"), HttpStatusCode.Forbidden);
        var problem = await ProblemAssert.IsProblemAsync(await platform.EditorGateway().GetAsync("/api/articles/by-status/lost?limit=0"),
            HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }
}
