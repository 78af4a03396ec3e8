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

        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/search?q=%20%21%21"), HttpStatusCode.BadRequest);
        // A lone combining accent is no word to search for (it once reached PostgreSQL as an empty prefix query).
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync("/api/search?q=%CC%81"), HttpStatusCode.BadRequest);
        Assert.Empty(await SearchAsync(platform.Gateway, "zzqqxxnothingmatchesthis"));
    }

    [Fact]
    public async Task Either_transliteration_of_a_district_in_the_body_finds_both_reports_the_exact_spelling_first()
    {
        var editor = platform.EditorGateway();
        // A run-specific place word keeps earlier reports out, whatever other tests filed.
        var village = "Zarbed" + Guid.NewGuid().ToString("N")[..6];
        var (khSpelling, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Five killed after a night crossing"),
            body: $"Officials said the men crossed near {village} in Shamsiddin Shokhin district before dawn."));
        var (hSpelling, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Border guards stop three armed men"),
            body: $"The clash happened close to {village}, in Shamsiddin Shohin district, on Tuesday."));
        var kh = khSpelling.GetProperty("slug").GetString();
        var h = hSpelling.GetProperty("slug").GetString();

        foreach (var (q, exact, variant) in new[] { ($"{village} Shokhin", kh, h), ($"{village} shohin", h, kh), ($"Shamsiddin Shokhin {village}", kh, h) })
        {
            var hits = await SearchAsync(platform.Gateway, q);
            Assert.Equal(new[] { exact, variant }, hits.Select(hit => hit.GetProperty("slug").GetString()));
            Assert.False(hits[0].GetProperty("variant").GetBoolean());
            Assert.True(hits[1].GetProperty("variant").GetBoolean());
        }

        // The snippet marks the other spelling the report uses, not only words as typed.
        var found = (await SearchAsync(platform.Gateway, $"{village} Shokhin")).Single(hit => hit.GetProperty("slug").GetString() == h);
        Assert.Contains("<mark>Shohin</mark>", found.GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task A_coarse_spelling_key_alone_does_not_make_a_match_and_words_with_digits_take_no_variants()
    {
        var editor = platform.EditorGateway();
        var marker = "Qorvet" + Guid.NewGuid().ToString("N")[..6];
        var (palace, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Old palace reopens"),
            body: $"The palace near {marker} reopened its gates to 1000 visitors."));
        var slug = palace.GetProperty("slug").GetString();

        Assert.Contains(slug, (await SearchAsync(platform.Gateway, $"{marker} palace")).Select(hit => hit.GetProperty("slug").GetString()));
        // "police" shares the key of "palace" but does not look like it; "1001" is no other spelling of "1000".
        Assert.Empty(await SearchAsync(platform.Gateway, $"{marker} police"));
        Assert.Empty(await SearchAsync(platform.Gateway, $"{marker} 1001"));
    }

    [Fact]
    public async Task Results_page_with_limit_and_offset_and_refuse_an_offset_out_of_range()
    {
        var editor = platform.EditorGateway();
        var word = "Pelmarid" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++)
        {
            await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique($"{word} fair, day {i + 1}")));
        }

        var first = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/search?q={word}&limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, first.GetProperty("nextOffset").GetInt32());
        var second = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/search?q={word}&limit=2&offset=2");
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextOffset").ValueKind);
        var slugs = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(hit => hit.GetProperty("slug").GetString()).ToList();
        Assert.Equal(3, slugs.Distinct().Count());

        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/search?q={word}&offset=-1"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/search?q={word}&offset=100000"), HttpStatusCode.BadRequest);
    }
}
