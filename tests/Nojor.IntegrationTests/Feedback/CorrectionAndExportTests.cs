using System.Text.Json;

namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class CorrectionAndExportTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task A_correction_request_records_the_version_and_raises_CorrectionRequested()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var sent = await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/corrections", new
        {
            quotedPassage = "The island ferry will sail less often from December.",
            suggestedFix = "The change starts in January.",
            sourceUrl = "https://ferries.example/winter-timetable",
        });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var correction = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(article.Version, correction.GetProperty("articleVersion").GetInt32());
        var id = correction.GetProperty("id").GetGuid();

        var announced = await _feedback.WaitForOutboxEventAsync("CorrectionRequested", "requestId", id);
        Assert.Equal(article.Slug, announced.GetProperty("articleSlug").GetString());
        Assert.Equal(article.Version, announced.GetProperty("articleVersion").GetInt32());

        var list = await platform.EditorGateway().GetFromJsonAsync<JsonElement>($"/api/feedback/corrections?articleId={article.Id}");
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/feedback/corrections"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_correction_needs_a_passage_a_fix_and_an_http_source()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var problem = await ProblemAssert.IsProblemAsync(await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/corrections",
            new { quotedPassage = "", suggestedFix = new string('y', 5001), sourceUrl = "javascript:alert(1)" }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("quotedPassage", out _));
        Assert.True(errors.TryGetProperty("suggestedFix", out _));
        Assert.True(errors.TryGetProperty("sourceUrl", out _));
    }

    [Fact]
    public async Task Editors_export_feedback_by_date_range_and_kind_as_json_and_csv()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var bug = await BetaFeedbackTests.SendAsync(platform.Gateway, "bug", $"=HYPERLINK(\"x\") export bug {marker}", "export@example.org");
        var idea = await BetaFeedbackTests.SendAsync(platform.Gateway, "idea", $"Export idea, with a comma {marker}");
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        var editor = platform.EditorGateway();
        var range = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/feedback/export?{range}"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await editor.GetAsync($"/api/feedback/export?kind=rant"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await editor.GetAsync($"/api/feedback/export?format=xml"), HttpStatusCode.BadRequest);

        var json = await editor.GetFromJsonAsync<JsonElement>($"/api/feedback/export?format=json&kind=bug&{range}");
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("id").GetGuid() == bug && i.GetProperty("contactEmail").GetString() == "export@example.org");
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetGuid() == idea);
        Assert.All(items, i => Assert.Equal("bug", i.GetProperty("kind").GetString()));

        var earlier = Uri.EscapeDataString(from.AddHours(-2).ToString("O"));
        var before = await editor.GetFromJsonAsync<JsonElement>($"/api/feedback/export?kind=bug&from={earlier}&to={Uri.EscapeDataString(from.AddHours(-1).ToString("O"))}");
        Assert.DoesNotContain(before.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == bug);

        var csv = await editor.GetAsync($"/api/feedback/export?format=csv&kind=bug,idea&{range}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,kind,created_at", lines[0]);
        // Quoted per RFC 4180, and a leading '=' is neutralised so a spreadsheet does not run it.
        Assert.Contains(lines, l => l.StartsWith($"{bug},bug,", StringComparison.Ordinal) && l.Contains($"\"'=HYPERLINK(\"\"x\"\") export bug {marker}\""));
        Assert.Contains(lines, l => l.StartsWith($"{idea},idea,", StringComparison.Ordinal) && l.Contains($"\"Export idea, with a comma {marker}\""));
    }
}
