using System.Text.Json;
using Nojor.Contracts;

namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class ArticleReadModelTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task Feedback_on_an_unknown_report_is_404()
    {
        using var reader = await _feedback.NewReaderAsync();
        var unknown = Guid.NewGuid();

        await ProblemAssert.IsProblemAsync(await reader.GetAsync($"/api/feedback/articles/{unknown}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(
            await reader.PutAsJsonAsync($"/api/feedback/articles/{unknown}/rating", new { value = 4 }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(
            await reader.PostAsJsonAsync($"/api/feedback/articles/{unknown}/comments", new { text = "Where is this?" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_published_report_takes_feedback_until_it_is_retracted_then_409()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var rated = await reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/rating", new { value = 5 });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);

        await _feedback.RetractAsync(article, article.Version + 1);
        await _feedback.WaitForSummaryAsync(article.Id, s => s.GetProperty("retracted").GetBoolean());

        await ProblemAssert.IsProblemAsync(
            await reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/rating", new { value = 1 }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(
            await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/comments", new { text = "Too late to comment." }),
            HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(
            await reader.PostAsJsonAsync($"/api/feedback/articles/{article.Id}/corrections", new { quotedPassage = "a", suggestedFix = "b" }),
            HttpStatusCode.Conflict);
        // What was given before the retraction is kept.
        var summary = await reader.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}");
        Assert.Equal(1, summary.GetProperty("ratingCount").GetInt32());
        Assert.Equal(5.0, summary.GetProperty("ratingAverage").GetDouble());
    }

    [Fact]
    public async Task Events_out_of_order_keep_the_newest_version_and_a_retraction_is_final()
    {
        var articleId = Guid.NewGuid();
        var slug = $"late-events-{articleId:N}"[..40];
        var now = DateTimeOffset.UtcNow;
        // Version 3 (an update) arrives before the first publication (version 1).
        await _feedback.PublishArticleEventAsync(new ArticleUpdated(articleId, slug, "Bridge repairs finish early", null, "world", ["x"], [], null,
            "en", 5, 3, $"http://localhost/articles/{slug}", true, "The date of the reopening was corrected.", now));
        await _feedback.WaitForSummaryAsync(articleId, s => s.GetProperty("version").GetInt32() == 3);
        var stalePublication = await _feedback.PublishArticleEventAsync(new ArticlePublished(articleId, slug, "Bridge repairs finish", null,
            "world", ["x"], [], null, "en", 5, false, 1, $"http://localhost/articles/{slug}", now.AddMinutes(-10)));
        await _feedback.WaitForHandledAsync(stalePublication);

        using var reader = await _feedback.NewReaderAsync();
        // The stale publication changed nothing: the rating records version 3, not 1.
        var rated = await reader.PutAsJsonAsync($"/api/feedback/articles/{articleId}/rating", new { value = 3 });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        Assert.Equal(3, (await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("articleVersion").GetInt32());

        // A retraction followed by a late update must not reopen the report.
        await _feedback.PublishArticleEventAsync(new ArticleRetracted(articleId, slug, "Bridge repairs finish early", null, 4,
            $"http://localhost/articles/{slug}", "Wrong bridge.", now));
        await _feedback.WaitForSummaryAsync(articleId, s => s.GetProperty("retracted").GetBoolean());
        await _feedback.PublishArticleEventAsync(new ArticleUpdated(articleId, slug, "Bridge repairs finish early", null, "world", ["x"], [], null,
            "en", 5, 5, $"http://localhost/articles/{slug}", false, null, now));
        await _feedback.WaitForSummaryAsync(articleId, s => s.GetProperty("version").GetInt32() == 5);
        var summary = await reader.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{articleId}");
        Assert.True(summary.GetProperty("retracted").GetBoolean());
        await ProblemAssert.IsProblemAsync(
            await reader.PutAsJsonAsync($"/api/feedback/articles/{articleId}/rating", new { value = 4 }), HttpStatusCode.Conflict);
    }
}
