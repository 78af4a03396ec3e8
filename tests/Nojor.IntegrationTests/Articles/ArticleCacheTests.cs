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

    [Fact]
    public async Task Reads_still_succeed_from_postgresql_while_redis_is_down()
    {
        var editor = platform.EditorGateway();
        var tag = "redisdown" + Guid.NewGuid().ToString("N")[..8];
        var headline = TestData.Unique("Library extends its opening hours");
        var (filed, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline, tags: [tag]));
        var slug = filed.GetProperty("slug").GetString()!;
        var id = filed.GetProperty("id").GetGuid();
        string[] instances = [ResourceNames.ArticleApi, ResourceNames.ArticleApiSecondInstance];
        // Read while Redis is up, so the caches on the way (each instance's memory, Redis, the gateway's) hold the report.
        foreach (var instance in instances)
        {
            using var reader = platform.App.CreateHttpClient(instance);
            Assert.Equal(headline, (await reader.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("headline").GetString());
            await reader.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag}");
        }
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.GetAsync($"/api/articles/{slug}")).StatusCode);

        await platform.ExecuteResourceCommandAsync(ResourceNames.Cache, KnownResourceCommands.Stop);
        try
        {
            using (var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await platform.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Cache, KnownResourceStates.TerminalStates, stopped.Token);
            }
            // A headline changed in PostgreSQL alone, behind every cache's back, is what a read answered from PostgreSQL shows;
            // one answered from a cache shows the filed one. Each instance is asked directly, past the gateway's own cache.
            // Until an instance notices Redis is gone it still hears every invalidation and may trust its copies; it must
            // stop well within the minute a memory copy lives.
            foreach (var instance in instances)
            {
                using var reader = platform.App.CreateHttpClient(instance);
                await Eventually.EventuallyAsync(async () =>
                {
                    var changed = await ChangeHeadlineInTheDatabaseAsync(id);
                    var read = await reader.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
                    return read.GetProperty("headline").GetString() == changed ? (bool?)true : null;
                }, TimeSpan.FromSeconds(15), $"{instance} to answer a report from PostgreSQL");
                // A first list page is cached like a report; it comes from PostgreSQL too.
                var inDatabaseOnly = await ChangeHeadlineInTheDatabaseAsync(id);
                var list = await reader.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag}");
                Assert.Equal(inDatabaseOnly, list.GetProperty("items").EnumerateArray().Single().GetProperty("headline").GetString());
            }
            Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.GetAsync($"/api/articles?limit=7")).StatusCode);

            // Writes still work too; their invalidation just cannot be broadcast.
            var (other, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Filed while the cache is down")));
            Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.GetAsync($"/api/articles/{other.GetProperty("slug").GetString()}")).StatusCode);
        }
        finally
        {
            await platform.ExecuteResourceCommandAsync(ResourceNames.Cache, KnownResourceCommands.Start);
            using var healthy = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Cache, healthy.Token);
            // Leave the services as other tests expect them: reconnected to Redis and healthy again.
            foreach (var service in new[] { ResourceNames.ArticleApi, ResourceNames.ArticleApiSecondInstance, ResourceNames.FeedbackApi, ResourceNames.NotificationApi })
            {
                using var client = platform.App.CreateHttpClient(service);
                await Eventually.EventuallyAsync(async () =>
                    (await client.GetAsync("/health")).IsSuccessStatusCode ? (bool?)true : null, TimeSpan.FromSeconds(90), $"{service} to be healthy again");
            }
        }
    }

    private async Task<string> ChangeHeadlineInTheDatabaseAsync(Guid id)
    {
        var headline = TestData.Unique("Changed in the database while Redis is down");
        Assert.Equal(1, await Faults.Databases.ExecuteAsync(platform, ResourceNames.ArticleDatabase,
            """UPDATE articles SET "Headline" = @headline WHERE "Id" = @id""", ("headline", headline), ("id", id)));
        return headline;
    }
}
