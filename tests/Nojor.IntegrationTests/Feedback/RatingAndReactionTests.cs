using System.Text.Json;

namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class RatingAndReactionTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-3)]
    public async Task A_rating_outside_one_to_five_is_a_400_naming_value(int value)
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var problem = await ProblemAssert.IsProblemAsync(
            await reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/rating", new { value }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("value", out _));
    }

    [Fact]
    public async Task Rating_needs_a_reader_token()
    {
        var article = await _feedback.PublishArticleAsync();
        await ProblemAssert.IsProblemAsync(
            await platform.Gateway.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/rating", new { value = 3 }), HttpStatusCode.Unauthorized);
        using var forged = new HttpRequestMessage(HttpMethod.Put, $"/api/feedback/articles/{article.Id}/rating") { Content = JsonContent.Create(new { value = 3 }) };
        forged.Headers.Add(FeedbackScenario.ReaderHeader, "rdr_not-a-token-we-issued");
        await ProblemAssert.IsProblemAsync(await platform.Gateway.SendAsync(forged), HttpStatusCode.Unauthorized);

        // The token also works as the cookie the service sets when it issues one.
        using var cookieReader = _feedback.NewGatewayClient();
        using var byCookie = new HttpRequestMessage(HttpMethod.Put, $"/api/feedback/articles/{article.Id}/rating") { Content = JsonContent.Create(new { value = 3 }) };
        byCookie.Headers.Add("Cookie", $"nojor_reader={await _feedback.IssueTokenAsync()}");
        Assert.Equal(HttpStatusCode.OK, (await cookieReader.SendAsync(byCookie)).StatusCode);
    }

    [Fact]
    public async Task A_new_rating_from_the_same_reader_replaces_the_old_one_and_records_the_version()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var first = await reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/rating", new { value = 2 });
        Assert.Equal(article.Version, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("articleVersion").GetInt32());
        var summary = await reader.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}");
        Assert.Equal(2.0, summary.GetProperty("ratingAverage").GetDouble());

        Assert.Equal(HttpStatusCode.OK, (await reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/rating", new { value = 5 })).StatusCode);

        summary = await reader.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}");
        Assert.Equal(1, summary.GetProperty("ratingCount").GetInt32());
        Assert.Equal(5.0, summary.GetProperty("ratingAverage").GetDouble());
    }

    [Fact]
    public async Task Aggregates_are_exact_after_concurrent_ratings_and_reactions()
    {
        var article = await _feedback.PublishArticleAsync();
        // Read once so a cached value exists that the writes must invalidate.
        await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}");
        var readers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _feedback.NewReaderAsync()));
        try
        {
            var values = Enumerable.Range(0, readers.Length).Select(i => i % 5 + 1).ToArray();
            var writes = readers.SelectMany((reader, i) => new[]
            {
                reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/rating", new { value = values[i] }),
                reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/reaction", new { kind = i % 3 == 0 ? "not_helpful" : "helpful" }),
                // Reads interleaved with the writes try to cache a stale value.
                platform.Gateway.GetAsync($"/api/feedback/articles/{article.Id}"),
            });
            Assert.All(await Task.WhenAll(writes), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

            var summary = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}");
            Assert.Equal(readers.Length, summary.GetProperty("ratingCount").GetInt32());
            Assert.Equal(Math.Round(values.Average(), 2), summary.GetProperty("ratingAverage").GetDouble());
            Assert.Equal(8, summary.GetProperty("reactions").GetProperty("helpful").GetInt32());
            Assert.Equal(4, summary.GetProperty("reactions").GetProperty("not_helpful").GetInt32());

            // Changing and withdrawing reactions moves the counts at once.
            Assert.Equal(HttpStatusCode.NoContent, (await readers[0].DeleteAsync($"/api/feedback/articles/{article.Id}/reaction")).StatusCode);
            await readers[1].PutAsJsonAsync($"/api/feedback/articles/{article.Id}/reaction", new { kind = "not_helpful" });
            summary = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/feedback/articles/{article.Id}");
            Assert.Equal(7, summary.GetProperty("reactions").GetProperty("helpful").GetInt32());
            Assert.Equal(4, summary.GetProperty("reactions").GetProperty("not_helpful").GetInt32());
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_unknown_reaction_kind_is_a_400()
    {
        var article = await _feedback.PublishArticleAsync();
        using var reader = await _feedback.NewReaderAsync();
        var problem = await ProblemAssert.IsProblemAsync(
            await reader.PutAsJsonAsync($"/api/feedback/articles/{article.Id}/reaction", new { kind = "angry" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
    }
}
