using System.Text.Json;

namespace Nojor.IntegrationTests.Articles;

[Collection(PlatformCollection.Name)]
public sealed class ArticleCacheTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_update_through_one_instance_is_seen_at_once_by_the_other_instances_cached_reads()
    {
        using var first = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
        first.DefaultRequestHeaders.Authorization = new("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        using var second = platform.App.CreateHttpClient(ResourceNames.ArticleApiSecondInstance);
        var headline = TestData.Unique("Night trains return to the coast line");
        var (filed, etag) = await ArticleClient.FileAsync(first, ArticleClient.Report(headline, tags: ["cachetest"]));
        var slug = filed.GetProperty("slug").GetString()!;
        var id = filed.GetProperty("id").GetString()!;

        // Warm the second instance's memory cache for the report and the first list page.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(headline, (await second.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("headline").GetString());
            await second.GetFromJsonAsync<JsonElement>("/api/articles?tag=cachetest");
        }

        var updated = await ArticleClient.SendAsync(first, HttpMethod.Put, $"/api/articles/by-id/{id}", ArticleClient.Report(headline + " tonight", tags: ["cachetest"]), ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        // Memory entries live for a minute; seeing the change within seconds means the broadcast evicted them.
        await Eventually.EventuallyAsync(async () =>
        {
            var read = await second.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
            return read.GetProperty("version").GetInt32() == 2 ? (bool?)true : null;
        }, TimeSpan.FromSeconds(10), "the second instance to serve version 2");
        await Eventually.EventuallyAsync(async () =>
        {
            var list = await second.GetFromJsonAsync<JsonElement>("/api/articles?tag=cachetest");
            return list.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("headline").GetString() == headline + " tonight") ? (bool?)true : null;
        }, TimeSpan.FromSeconds(10), "the second instance's first list page to show the update");

        var retracted = await ArticleClient.SendAsync(first, HttpMethod.Post, $"/api/articles/by-id/{id}/retract", new { reason = "Filed twice." });
        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);
        await Eventually.EventuallyAsync(async () =>
        {
            var list = await second.GetFromJsonAsync<JsonElement>("/api/articles?tag=cachetest");
            return list.GetProperty("items").GetArrayLength() == 0 ? (bool?)true : null;
        }, TimeSpan.FromSeconds(10), "the retracted report to leave the second instance's list");
    }
}
