using System.Text.Json;

namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class CommentModerationTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task A_clean_comment_and_a_reply_are_published_with_the_version_and_announced()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        using var other = await _feedback.NewReaderAsync();

        var comment = await PostAsync(reader, article, new { text = "The new timetable suits the school run." });
        Assert.Equal("published", comment.GetProperty("status").GetString());
        Assert.Equal(article.Version, comment.GetProperty("articleVersion").GetInt32());
        var commentId = comment.GetProperty("id").GetGuid();
        var reply = await PostAsync(other, article, new { text = "Not for those on the early shift.", parentId = commentId });
        Assert.Equal("published", reply.GetProperty("status").GetString());

        // One level only: a reply to a reply is refused.
        var nested = await other.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/comments",
            new { text = "Going deeper.", parentId = reply.GetProperty("id").GetGuid() });
        var problem = await ProblemAssert.IsProblemAsync(nested, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("parentId", out _));

        var thread = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}/comments");
        var top = Assert.Single(thread.GetProperty("comments").EnumerateArray());
        Assert.Equal(commentId, top.GetProperty("id").GetGuid());
        Assert.Single(top.GetProperty("replies").EnumerateArray());

        var announced = await _feedback.WaitForOutboxEventAsync("CommentApproved", "commentId", commentId);
        Assert.Equal(article.Slug, announced.GetProperty("articleSlug").GetString());
    }

    [Theory]
    [InlineData("See https://a.example and http://b.example and www.c.example for more", "links")]
    [InlineData("Whoever wrote this is an IDIOT.", "banned_words")]
    [InlineData("Nooooooooooooooooooooooooooooooooooo", "repeated_text")]
    public async Task A_comment_failing_the_filter_is_held_until_an_editor_approves_it(string text, string reason)
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var held = await PostAsync(reader, article, new { text });
        Assert.Equal("held", held.GetProperty("status").GetString());
        var id = held.GetProperty("id").GetGuid();

        var thread = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}/comments");
        Assert.Empty(thread.GetProperty("comments").EnumerateArray());
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/feedback/moderation/comments"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await reader.PostAsync($"/api/feedback/moderation/comments/{id}/approve", null),
            HttpStatusCode.Unauthorized);

        var editor = platform.EditorGateway();
        var queue = await editor.GetFromJsonAsync<JsonElement>("/api/feedback/moderation/comments");
        var queued = Assert.Single(queue.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.Contains(reason, queued.GetProperty("heldFor").GetString());

        var approved = await editor.PostAsync($"/api/feedback/moderation/comments/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await ProblemAssert.IsProblemAsync(await editor.PostAsync($"/api/feedback/moderation/comments/{id}/reject", null), HttpStatusCode.Conflict);
        thread = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}/comments");
        Assert.Equal(id, Assert.Single(thread.GetProperty("comments").EnumerateArray()).GetProperty("id").GetGuid());
        await _feedback.WaitForOutboxEventAsync("CommentApproved", "commentId", id);
    }

    [Fact]
    public async Task Repeats_and_fast_posting_are_held_and_rejected_comments_stay_hidden()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        Assert.Equal("published", (await PostAsync(reader, article, new { text = "First thought on the ferry." })).GetProperty("status").GetString());
        var repeat = await PostAsync(reader, article, new { text = "  first THOUGHT on the   ferry. " });
        Assert.Equal("held", repeat.GetProperty("status").GetString());

        // The default limit is five comments a minute; the sixth and later are held whatever they say.
        JsonElement last = default;
        for (var i = 0; i < 5; i++)
        {
            last = await PostAsync(reader, article, new { text = $"Another distinct remark number {i} about the crossing." });
        }
        Assert.Equal("held", last.GetProperty("status").GetString());
        var editor = platform.EditorGateway();
        var queue = await editor.GetFromJsonAsync<JsonElement>("/api/feedback/moderation/comments");
        var queued = Assert.Single(queue.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == last.GetProperty("id").GetGuid());
        Assert.Contains("posting_rate", queued.GetProperty("heldFor").GetString());

        var rejected = await editor.PostAsync($"/api/feedback/moderation/comments/{repeat.GetProperty("id").GetGuid()}/reject", null);
        Assert.Equal("rejected", (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var thread = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}/comments");
        Assert.DoesNotContain(thread.GetProperty("comments").EnumerateArray(), c => c.GetProperty("id").GetGuid() == repeat.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Readers_edit_and_delete_only_their_own_comments_within_the_window()
    {
        var article = await _feedback.PublishArticleAsync();
        using var author = await _feedback.NewReaderAsync();
        using var stranger = await _feedback.NewReaderAsync();
        var id = (await PostAsync(author, article, new { text = "The ferry leaves at seven." })).GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(
            await stranger.PutAsJsonAsync($"/api/feedback/comments/{id}", new { text = "Hijacked." }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await stranger.DeleteAsync($"/api/feedback/comments/{id}"), HttpStatusCode.Forbidden);

        var edited = await author.PutAsJsonAsync($"/api/feedback/comments/{id}", new { text = "The ferry leaves at half past seven." });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var thread = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}/comments");
        Assert.Equal("The ferry leaves at half past seven.", thread.GetProperty("comments")[0].GetProperty("text").GetString());

        await _feedback.FeedbackSqlAsync("""UPDATE comments SET "CreatedAt" = now() - interval '16 minutes' WHERE "Id" = @id""", ("id", id));
        await ProblemAssert.IsProblemAsync(
            await author.PutAsJsonAsync($"/api/feedback/comments/{id}", new { text = "Too late." }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await author.DeleteAsync($"/api/feedback/comments/{id}"), HttpStatusCode.Conflict);

        var fresh = (await PostAsync(author, article, new { text = "A second, short-lived remark." })).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await author.DeleteAsync($"/api/feedback/comments/{fresh}")).StatusCode);
        thread = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}/comments");
        Assert.DoesNotContain(thread.GetProperty("comments").EnumerateArray(), c => c.GetProperty("id").GetGuid() == fresh);
    }

    [Fact]
    public async Task Markup_in_a_comment_comes_back_as_inert_json_text()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        const string text = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        await PostAsync(reader, article, new { text });

        var response = await platform.Gateway.GetAsync($"/api/feedback/articles/{article.Id}/comments");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", raw, StringComparison.OrdinalIgnoreCase);
        var thread = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(text, thread.GetProperty("comments")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Comment_text_over_5000_characters_is_a_400()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var problem = await ProblemAssert.IsProblemAsync(
            await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/comments", new { text = new string('a', 5001) }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
    }

    private static async Task<JsonElement> PostAsync(HttpClient reader, PublishedArticle article, object comment)
    {
        var response = await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/comments", comment);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
