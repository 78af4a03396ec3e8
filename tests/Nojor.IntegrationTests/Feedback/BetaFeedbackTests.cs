using System.Text.Json;

namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class BetaFeedbackTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Theory]
    [InlineData("bug", "", null, "text")]
    [InlineData("bug", "LONG", null, "text")]
    [InlineData("idea", "Dark mode please", "not-an-email", "contactEmail")]
    [InlineData("idea", "Dark mode please", "two@@example.com", "contactEmail")]
    [InlineData("complaint", "Unknown kind", null, "kind")]
    public async Task Bad_beta_feedback_is_a_400_naming_the_field(string kind, string text, string? contactEmail, string field)
    {
        var body = new { kind, text = text == "LONG" ? new string('x', 5001) : text, page = "/", contactEmail };
        var problem = await ProblemAssert.IsProblemAsync(await platform.Gateway.PostAsJsonAsync("/api/feedback", body), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}");
    }

    [Fact]
    public async Task The_contact_email_is_kept_for_editors_but_never_shown_publicly()
    {
        var sent = await platform.Gateway.PostAsJsonAsync("/api/feedback",
            new { kind = "bug", text = "The search box loses focus", page = "/search", contactEmail = "reader@example.org" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var raw = await platform.Gateway.GetStringAsync(sent.Headers.Location);
        Assert.DoesNotContain("reader@example.org", raw);
        Assert.Equal("new", JsonDocument.Parse(raw).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Triage_follows_the_workflow_with_a_public_reply_and_editors_only()
    {
        var id = await SendAsync(platform.Gateway, "idea", "Let readers save reports for later");
        var editor = platform.EditorGateway();

        await ProblemAssert.IsProblemAsync(
            await platform.Gateway.PostAsJsonAsync($"/api/feedback/{id}/triage", new { status = "triaged" }), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(
            await editor.PostAsJsonAsync($"/api/feedback/{id}/triage", new { status = "done" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(
            await editor.PostAsJsonAsync($"/api/feedback/{id}/triage", new { status = "shipped" }), HttpStatusCode.BadRequest);

        foreach (var status in new[] { "triaged", "planned" })
        {
            Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/feedback/{id}/triage", new { status })).StatusCode);
        }
        var done = await editor.PostAsJsonAsync($"/api/feedback/{id}/triage", new { status = "done", publicReply = "Saved reports arrive next week." });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await ProblemAssert.IsProblemAsync(
            await editor.PostAsJsonAsync($"/api/feedback/{id}/triage", new { status = "declined" }), HttpStatusCode.Conflict);

        var read = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/{id}");
        Assert.Equal("done", read.GetProperty("status").GetString());
        Assert.Equal("Saved reports arrive next week.", read.GetProperty("publicReply").GetString());
    }

    [Fact]
    public async Task Readers_vote_once_for_ideas_only()
    {
        var idea = await SendAsync(platform.Gateway, "idea", "Audio versions of long reads");
        var praise = await SendAsync(platform.Gateway, "praise", "The live blog was excellent");
        using var first = await _feedback.NewReaderAsync();
        using var second = await _feedback.NewReaderAsync();

        await ProblemAssert.IsProblemAsync(await platform.Gateway.PostAsync($"/api/feedback/{idea}/votes", null), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsync($"/api/feedback/{idea}/votes", null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await first.PostAsync($"/api/feedback/{idea}/votes", null), HttpStatusCode.Conflict);
        var secondVote = await second.PostAsync($"/api/feedback/{idea}/votes", null);
        Assert.Equal(2, (await secondVote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("votes").GetInt32());
        await ProblemAssert.IsProblemAsync(await first.PostAsync($"/api/feedback/{praise}/votes", null), HttpStatusCode.UnprocessableEntity);

        var read = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/{idea}");
        Assert.Equal(2, read.GetProperty("votes").GetInt32());
    }

    [Fact]
    public async Task The_sender_edits_and_deletes_within_the_window_and_nobody_else_can()
    {
        using var author = await _feedback.NewReaderAsync();
        using var stranger = await _feedback.NewReaderAsync();
        var id = await SendAsync(author, "bug", "The menu overlaps the logo");
        var anonymous = await SendAsync(platform.Gateway, "bug", "Sent without a token");

        await ProblemAssert.IsProblemAsync(await stranger.PutAsJsonAsync($"/api/feedback/{id}", new { text = "Mine now" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await stranger.PutAsJsonAsync($"/api/feedback/{anonymous}", new { text = "Mine now" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await platform.Gateway.DeleteAsync($"/api/feedback/{id}"), HttpStatusCode.Unauthorized);

        var edited = await author.PutAsJsonAsync($"/api/feedback/{id}", new { text = "The menu overlaps the logo on phones" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("The menu overlaps the logo on phones", (await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/{id}")).GetProperty("text").GetString());

        await _feedback.FeedbackSqlAsync("""UPDATE beta_feedback SET "ReceivedAt" = now() - interval '15 minutes 5 seconds' WHERE "Id" = @id""", ("id", id));
        await ProblemAssert.IsProblemAsync(await author.PutAsJsonAsync($"/api/feedback/{id}", new { text = "Later edit" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await author.DeleteAsync($"/api/feedback/{id}"), HttpStatusCode.Conflict);

        var recent = await SendAsync(author, "other", "Short-lived note");
        Assert.Equal(HttpStatusCode.NoContent, (await author.DeleteAsync($"/api/feedback/{recent}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/feedback/{recent}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_overview_counts_per_kind_and_follows_new_feedback()
    {
        var before = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/feedback/overview");
        await SendAsync(platform.Gateway, "praise", "Clear and calm reporting");
        await SendAsync(platform.Gateway, "praise", "Fast pages");
        await SendAsync(platform.Gateway, "bug", "A broken image on the front page");

        var after = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/feedback/overview");
        // Other tests in the collection run one at a time, so the difference is exactly ours.
        Assert.Equal(Count(before, "praise") + 2, Count(after, "praise"));
        Assert.Equal(Count(before, "bug") + 1, Count(after, "bug"));
        Assert.Equal(before.GetProperty("total").GetInt32() + 3, after.GetProperty("total").GetInt32());

        static int Count(JsonElement overview, string kind) => overview.GetProperty("byKind").GetProperty(kind).GetInt32();
    }

    [Fact]
    public async Task Feedback_is_announced_through_the_outbox_and_script_comes_back_inert()
    {
        const string text = "<script>document.location='https://evil.example'</script>";
        var id = await SendAsync(platform.Gateway, "bug", text);
        var announced = await _feedback.WaitForOutboxEventAsync("FeedbackReceived", "feedbackId", id);
        Assert.Equal("bug", announced.GetProperty("kind").GetString());

        var response = await platform.Gateway.GetAsync($"/api/feedback/{id}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(text, JsonDocument.Parse(raw).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_public_board_shows_ideas_by_votes_with_status_and_reply_and_hides_senders_and_held_ideas_until_triaged()
    {
        using var author = await _feedback.NewReaderAsync();
        using var voter = await _feedback.NewReaderAsync();
        var popular = await SendAsync(author, "idea", TestData.Unique("A text-only edition for slow connections"), contactEmail: "idea@example.org");
        var quiet = await SendAsync(author, "idea", TestData.Unique("Let me follow a district"));
        var linky = await SendAsync(author, "idea", TestData.Unique("Copy these sites: https://a.example https://b.example https://c.example"));
        var bug = await SendAsync(author, "bug", TestData.Unique("The footer overlaps on phones"));
        var removed = await SendAsync(author, "idea", TestData.Unique("An idea its sender took back"));
        Assert.Equal(HttpStatusCode.NoContent, (await author.DeleteAsync($"/api/feedback/{removed}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await voter.PostAsync($"/api/feedback/{popular}/votes", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await author.PostAsync($"/api/feedback/{popular}/votes", null)).StatusCode);

        var (board, raw) = await ReadBoardAsync(voter);
        var ids = board.Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(popular, ids);
        Assert.Contains(quiet, ids);
        Assert.DoesNotContain(linky, ids); // the comment filter would hold it: more links than allowed
        Assert.DoesNotContain(bug, ids);
        Assert.DoesNotContain(removed, ids);
        Assert.True(ids.IndexOf(popular) < ids.IndexOf(quiet), "more votes rank first");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var shown = board.Single(i => i.GetProperty("id").GetGuid() == popular);
        Assert.Equal(2, shown.GetProperty("votes").GetInt32());
        Assert.Equal("new", shown.GetProperty("status").GetString());
        Assert.True(shown.GetProperty("votedByYou").GetBoolean());
        Assert.False(board.Single(i => i.GetProperty("id").GetGuid() == quiet).GetProperty("votedByYou").GetBoolean());
        foreach (var secret in new[] { "idea@example.org", "contactEmail", "readerId", "\"page\"" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
        }

        // Once an editor has looked at it, the held idea is public, with the editors' reply.
        var editor = platform.EditorGateway();
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/feedback/{linky}/triage",
            new { status = "triaged", publicReply = "We will look at other sites' layouts, not copy them." })).StatusCode);
        var (after, _) = await ReadBoardAsync(_feedback.NewGatewayClient());
        var triaged = after.Single(i => i.GetProperty("id").GetGuid() == linky);
        Assert.Equal("triaged", triaged.GetProperty("status").GetString());
        Assert.Equal("We will look at other sites' layouts, not copy them.", triaged.GetProperty("publicReply").GetString());
        Assert.Equal(JsonValueKind.Null, triaged.GetProperty("votedByYou").ValueKind);
        var onlyTriaged = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/feedback/board?status=triaged&limit=50");
        Assert.All(onlyTriaged.GetProperty("items").EnumerateArray(), i => Assert.Equal("triaged", i.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=51")]
    [InlineData("cursor=-3")]
    [InlineData("cursor=abc")]
    [InlineData("status=shipped")]
    public async Task A_malformed_board_query_is_a_400(string query) =>
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/feedback/board?{query}"), HttpStatusCode.BadRequest);

    /// <summary>Every idea on the board, one idea per page, so the cursor crosses held ideas too.</summary>
    private static async Task<(List<JsonElement> Items, string Raw)> ReadBoardAsync(HttpClient client)
    {
        var items = new List<JsonElement>();
        var raw = new System.Text.StringBuilder();
        string? cursor = null;
        do
        {
            var text = await client.GetStringAsync("/api/feedback/board?limit=1" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            raw.Append(text);
            var page = JsonDocument.Parse(text).RootElement.Clone();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(items.Count < 1000, "the board's cursor moves on");
        }
        while (cursor is not null);
        return (items, raw.ToString());
    }

    internal static async Task<Guid> SendAsync(HttpClient client, string kind, string text, string? contactEmail = null)
    {
        var sent = await client.PostAsJsonAsync("/api/feedback", new { kind, text, page = "/", contactEmail });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
