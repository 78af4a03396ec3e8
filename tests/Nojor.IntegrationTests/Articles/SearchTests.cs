using System.Text.Json;

namespace Nojor.IntegrationTests.Articles;

[Collection(PlatformCollection.Name)]
public sealed class SearchTests(PlatformFixture platform)
{
    private static async Task<List<JsonElement>> SearchAsync(HttpClient client, string q)
    {
        var response = await client.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(q)}");
        return [.. response.GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task Two_spellings_of_one_district_find_both_reports()
    {
        var editor = platform.EditorGateway();
        var story = TestData.Unique("Checkpoint dispute");
        var (one, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Traders stranded at the checkpoint"), story: story,
            places: new[] { new { country = "Pakistan", region = "Balochistan", district = "Chamanabad" } }));
        var (two, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Queues shorten at the checkpoint"), story: story,
            places: new[] { new { country = "Pakistan", region = "Balochistan", district = "Chamanābaad" } }));
        var expected = new[] { one.GetProperty("slug").GetString(), two.GetProperty("slug").GetString() };

        foreach (var q in new[] { "Chamanabad", "chamanabaad", "CHAMANĀBAD" })
        {
            var slugs = (await SearchAsync(platform.Gateway, q)).Select(h => h.GetProperty("slug").GetString()).ToList();
            Assert.All(expected, slug => Assert.Contains(slug, slugs));
        }
    }

    [Fact]
    public async Task Search_is_ranked_prefix_case_and_accent_insensitive_with_highlighted_snippets()
    {
        var editor = platform.EditorGateway();
        var word = "Qéruvian" + Guid.NewGuid().ToString("N")[..6];
        var (inHeadline, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report($"{word} orchestra tours the north"));
        var (inBody, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Weekend concerts announced"),
            body: $"Among the guests is the {word} ensemble, back after <b>ten</b> years."));

        var folded = word.Replace("é", "e", StringComparison.Ordinal);
        foreach (var q in new[] { word, folded.ToUpperInvariant(), folded[..7].ToLowerInvariant() })
        {
            var hits = await SearchAsync(platform.Gateway, q);
            var slugs = hits.Select(h => h.GetProperty("slug").GetString()).ToList();
            Assert.Contains(inHeadline.GetProperty("slug").GetString(), slugs);
            Assert.Contains(inBody.GetProperty("slug").GetString(), slugs);
            // The headline match outranks the passing mention.
            Assert.True(slugs.IndexOf(inHeadline.GetProperty("slug").GetString()) < slugs.IndexOf(inBody.GetProperty("slug").GetString()));
        }

        var bodyHit = (await SearchAsync(platform.Gateway, folded)).Single(h => h.GetProperty("slug").GetString() == inBody.GetProperty("slug").GetString());
        var snippet = bodyHit.GetProperty("snippet").GetString()!;
        // The snippet is HTML: non-ASCII letters may come as character references ("é" as "&#233;").
        Assert.Contains($"<mark>{word}</mark>", System.Net.WebUtility.HtmlDecode(snippet));
        Assert.DoesNotContain("<b>", snippet); // snippets are text, encoded; only our marks are markup

        await ArticleClient.ProblemAsync(await platform.Gateway.GetAsync("/api/search?q=%20%21%21"), HttpStatusCode.BadRequest);
        Assert.Empty(await SearchAsync(platform.Gateway, "zzqqxxnothingmatchesthis"));
    }
}
