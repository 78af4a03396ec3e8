using System.Diagnostics;
using System.Text.Json;
using Nojor.IntegrationTests.Articles;
using Npgsql;

namespace Nojor.IntegrationTests.Gateway;

/// <summary>The gateway's cache of anonymous report reads: what it keeps, and what takes it away.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayReadCacheTests(PlatformFixture platform)
{
    /// <summary>The gateway's default <c>Gateway:ReadCache:MaxAge</c>: a change seen sooner than this was evicted, not expired.</summary>
    private static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Anonymous_reads_of_a_report_come_from_the_gateway_cache_and_signed_in_reads_do_not()
    {
        var (slug, etag) = await FileAsync("Harbour cranes are replaced after forty years");

        var first = await platform.Gateway.GetAsync($"/api/articles/{slug}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var cached = await ReadCachedAsync(slug);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await cached.Content.ReadAsStringAsync());
        Assert.Equal(etag, cached.Headers.ETag!.ToString());

        // The cached ETag still answers a conditional read with 304.
        var notModified = await ArticleClient.SendAsync(platform.Gateway, HttpMethod.Get, $"/api/articles/{slug}", ifNoneMatch: etag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // Requests carrying a token, and requests asking to revalidate, go to the service.
        using var editor = platform.EditorGateway();
        Assert.Null((await editor.GetAsync($"/api/articles/{slug}")).Headers.Age);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        revalidate.Headers.CacheControl = new() { NoCache = true };
        Assert.Null((await platform.Gateway.SendAsync(revalidate)).Headers.Age);

        // Unknown reports (404) are never kept: publishing one later must be visible at once.
        var missing = $"/api/articles/{TestData.Unique("not-filed-yet").ToLowerInvariant().Replace(' ', '-')}";
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Gateway.GetAsync(missing)).StatusCode);
        Assert.Null((await platform.Gateway.GetAsync(missing)).Headers.Age);
    }

    [Fact]
    public async Task A_change_made_behind_the_gateways_back_reaches_its_cache_through_the_article_events()
    {
        var (slug, etag) = await FileAsync("Town council votes on the river footbridge");
        await ReadCachedAsync(slug);
        var cachedAt = Stopwatch.StartNew();

        // Straight to the article service, so only the ArticleUpdated event can tell the gateway.
        using var service = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
        service.DefaultRequestHeaders.Authorization = new("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        var id = (await service.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("id").GetString();
        var updated = await ArticleClient.SendAsync(service, HttpMethod.Put, $"/api/articles/by-id/{id}",
            ArticleClient.Report("Town council approves the river footbridge"), ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        await Eventually.EventuallyAsync(async () =>
            (await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("version").GetInt32() == 2 ? (bool?)true : null,
            TimeSpan.FromSeconds(15), "the gateway to serve version 2");
        Assert.True(cachedAt.Elapsed < EntryLifetime, "the entry could have simply expired; the test proves nothing");

        await ReadCachedAsync(slug);
        var retracted = await ArticleClient.SendAsync(service, HttpMethod.Post, $"/api/articles/by-id/{id}/retract", new { reason = "The vote was postponed." });
        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);
        await Eventually.EventuallyAsync(async () =>
            (await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("status").GetString() == "retracted" ? (bool?)true : null,
            TimeSpan.FromSeconds(15), "the gateway to serve the retraction");
    }

    [Fact]
    public async Task An_editors_write_through_the_gateway_is_read_back_at_once()
    {
        var (slug, etag) = await FileAsync("Bus lanes open on the ring road");
        await ReadCachedAsync(slug);

        using var editor = platform.EditorGateway();
        var id = (await editor.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("id").GetString();
        var updated = await ArticleClient.SendAsync(editor, HttpMethod.Put, $"/api/articles/by-id/{id}",
            ArticleClient.Report("Bus lanes open on the ring road at dawn"), ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        // No waiting for the event: the gateway dropped its copies when the write went through.
        var read = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
        Assert.Equal(2, read.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_read_answered_from_the_gateways_memory_keeps_the_security_headers_and_gets_its_own_request_id_and_CORS()
    {
        var (slug, _) = await FileAsync("Night buses return to the harbour line");
        var cached = await ReadCachedAsync(slug);

        using var quoted = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        quoted.Headers.Add("X-Request-Id", "reader-bug-report-5");
        var withId = await platform.Gateway.SendAsync(quoted);
        Assert.Equal("reader-bug-report-5", Assert.Single(withId.Headers.GetValues("X-Request-Id")));
        Assert.NotEqual(Assert.Single(cached.Headers.GetValues("X-Request-Id")),
            Assert.Single((await platform.Gateway.GetAsync($"/api/articles/{slug}")).Headers.GetValues("X-Request-Id")));
        foreach (var (name, value) in new[] { ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
            ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'") })
        {
            Assert.Equal(value, Assert.Single(withId.Headers.GetValues(name)));
        }
        Assert.NotNull(withId.Headers.Age);

        // A browser on the reader origin still gets its CORS answer; any other origin does not. Both take the full
        // pipeline, where the output cache answers, and still get their own request id.
        foreach (var (origin, allowed) in new[] { ("http://localhost:5173", true), ("https://elsewhere.example", false) })
        {
            using var crossOrigin = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
            crossOrigin.Headers.Add("Origin", origin);
            crossOrigin.Headers.Add("X-Request-Id", "reader-bug-report-6");
            var read = await platform.Gateway.SendAsync(crossOrigin);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(allowed, read.Headers.Contains("Access-Control-Allow-Origin"));
            Assert.Equal("reader-bug-report-6", Assert.Single(read.Headers.GetValues("X-Request-Id")));
        }
    }

    [Fact]
    public async Task The_gateway_fills_its_cache_from_PostgreSQL_and_never_from_an_article_instances_memory()
    {
        var (slug, _) = await FileAsync("Lighthouse keepers return to the cape");
        using var service = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
        await service.GetStringAsync($"/api/articles/{slug}");

        // The report changes where no event tells the article service: the state an instance is in between a change and
        // the moment its event reaches it, while the gateway may already have heard of it.
        var headline = TestData.Unique("Lighthouse keepers return to the northern cape");
        await SetHeadlineBehindTheServicesBackAsync(slug, headline);
        Assert.NotEqual(headline, (await service.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("headline").GetString());

        Assert.Equal(headline, (await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("headline").GetString());
        var cached = await (await ReadCachedAsync(slug)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(headline, cached.GetProperty("headline").GetString());
        Assert.Contains(headline, await platform.Gateway.GetStringAsync($"/articles/{slug}"), StringComparison.Ordinal);
    }

    private async Task SetHeadlineBehindTheServicesBackAsync(string slug, string headline)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.ArticleDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""UPDATE articles SET "Headline" = @headline WHERE "Slug" = @slug""", connection);
        command.Parameters.AddWithValue("headline", headline);
        command.Parameters.AddWithValue("slug", slug);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<(string Slug, string ETag)> FileAsync(string headline)
    {
        using var editor = platform.EditorGateway();
        var (filed, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique(headline)));
        return (filed.GetProperty("slug").GetString()!, etag);
    }

    /// <summary>Reads until the gateway answers from its cache (it marks those answers with <c>Age</c>).</summary>
    private Task<HttpResponseMessage> ReadCachedAsync(string slug) =>
        Eventually.EventuallyAsync(async () =>
        {
            var response = await platform.Gateway.GetAsync($"/api/articles/{slug}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.Age is not null ? response : null;
        }, TimeSpan.FromSeconds(15), $"the gateway to answer {slug} from its cache");
}
