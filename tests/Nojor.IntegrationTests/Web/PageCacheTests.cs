using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Nojor.IntegrationTests.Articles;

namespace Nojor.IntegrationTests.Web;

/// <summary>
/// Pages that are the same for every reader are cached like the API's reads: by browsers (public, ETag) and by the
/// gateway, which drops them on every article event; a reader with their own cookie always gets their own page.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PageCacheTests(PlatformFixture platform) : IDisposable
{
    /// <summary>The web app's <c>Web:PublicMaxAge</c> and the gateway's entry lifetime: a change seen sooner was evicted, not expired.</summary>
    private static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    // No cookie jar: each request carries exactly the cookies the test gives it.
    private readonly HttpClient _reader = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = platform.GatewayAddress,
    };

    [Fact]
    public async Task A_report_page_is_public_with_a_strong_etag_and_its_cached_copy_answers_304_to_that_etag()
    {
        var (slug, _, _) = await FileAsync("Lighthouse keeper's cottage opens as a museum");
        var path = $"/articles/{slug}";

        var first = await _reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl is { Public: true, Private: false, NoCache: false }, $"Cache-Control: {first.Headers.CacheControl}");
        Assert.Equal(EntryLifetime, first.Headers.CacheControl!.MaxAge);
        Assert.Contains("Cookie", first.Headers.Vary);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        var cached = await ReadCachedAsync(path);
        Assert.Equal(etag, cached.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await cached.Content.ReadAsStringAsync());

        var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await _reader.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // A page the gateway does not keep (a query string) is still answered 304 by the web app itself.
        var uncached = new HttpRequestMessage(HttpMethod.Get, "/sections/culture?cursor=");
        var culture = await _reader.SendAsync(uncached);
        Assert.Equal(HttpStatusCode.OK, culture.StatusCode);
        var again = new HttpRequestMessage(HttpMethod.Get, "/sections/culture?cursor=");
        again.Headers.IfNoneMatch.Add(culture.Headers.ETag!);
        var revalidated = await _reader.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Null(revalidated.Headers.Age);
    }

    [Fact]
    public async Task After_an_editor_corrects_a_report_its_cached_page_shows_the_correction()
    {
        var (slug, id, etag) = await FileAsync("Ferry timetable adds a late crossing");
        var path = $"/articles/{slug}";
        await ReadCachedAsync(path);

        using var editor = platform.EditorGateway();
        var corrected = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/corrections",
            new { note = "The late crossing leaves at 23:40, not 23:15." }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

        // No waiting for the event: the gateway dropped its pages when the write went through it.
        var page = await _reader.GetStringAsync(path);
        Assert.Contains("The late crossing leaves at 23:40, not 23:15.", page);
    }

    [Fact]
    public async Task A_report_published_behind_the_gateways_back_reaches_its_cached_front_and_section_pages_through_the_article_events()
    {
        await ReadCachedAsync("/");
        await ReadCachedAsync("/sections/sport");
        var cachedAt = Stopwatch.StartNew();

        // Straight to the article service, so only the ArticlePublished event can tell the gateway.
        using var service = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
        service.DefaultRequestHeaders.Authorization = new("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        var headline = TestData.Unique("Rowing club wins the autumn regatta");
        var (filed, _) = await ArticleClient.FileAsync(service, ArticleClient.Report(headline, section: "sport"));
        var slug = filed.GetProperty("slug").GetString();

        foreach (var path in new[] { "/", "/sections/sport" })
        {
            await Eventually.EventuallyAsync(async () =>
                (await _reader.GetStringAsync(path)).Contains($"/articles/{slug}", StringComparison.Ordinal) ? (bool?)true : null,
                TimeSpan.FromSeconds(15), $"{path} to list the new report");
        }
        Assert.True(cachedAt.Elapsed < EntryLifetime, "the entries could have simply expired; the test proves nothing");
    }

    [Fact]
    public async Task A_reader_with_the_reader_cookie_gets_a_private_page_that_the_gateway_never_keeps()
    {
        var (slug, _, _) = await FileAsync("Library extends its opening hours");
        var path = $"/articles/{slug}";
        await ReadCachedAsync(path);

        for (var i = 0; i < 2; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", "nojor_reader=rdr_a-reader-of-this-test");
            var response = await _reader.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl is { Private: true, NoCache: true, Public: false }, $"Cache-Control: {response.Headers.CacheControl}");
            Assert.Contains("Cookie", response.Headers.Vary);
            Assert.Null(response.Headers.Age);
            Assert.Null(response.Headers.ETag);
        }

        // Pages that are not the same for everyone are never public, not even for a reader without the cookie.
        var missing = await _reader.GetAsync("/articles/no-report-has-this-slug");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(missing.Headers.CacheControl?.Public ?? false);
        Assert.Null((await _reader.GetAsync("/articles/no-report-has-this-slug")).Headers.Age);
    }

    [Theory]
    [InlineData("/alerts")]
    [InlineData("/alerts/subscriptions")]
    [InlineData("/beta")]
    [InlineData("/feedback")]
    [InlineData("/articles/no-report-has-this-slug")]
    public async Task A_page_that_is_not_the_same_for_everyone_is_private_and_checked_again_before_reuse(string path)
    {
        var response = await _reader.GetAsync(path);

        // no-store (pages that hold a reader's secret or form token) is stricter still, and fine.
        var cacheControl = response.Headers.CacheControl;
        Assert.True(cacheControl is { Public: false } && (cacheControl.NoStore || cacheControl is { Private: true, NoCache: true }), $"{path}: Cache-Control: {cacheControl}");
    }

    public void Dispose() => _reader.Dispose();

    [Fact]
    public async Task A_shared_page_is_compressed_for_each_encoding_a_browser_accepts_and_kept_per_encoding()
    {
        var headline = TestData.Unique("Harbour crane lifts the new lock gates into place");
        using var editor = platform.EditorGateway();
        var (filed, _) = await ArticleClient.FileAsync(editor, ArticleClient.Report(headline));
        var path = $"/articles/{filed.GetProperty("slug").GetString()}";

        var brotli = await ReadCachedAsync(path, "br");
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", brotli.Headers.Vary);
        Assert.True(brotli.Headers.ETag?.IsWeak, $"ETag: {brotli.Headers.ETag}");
        var brotliBytes = await brotli.Content.ReadAsByteArrayAsync();
        await using (var decoded = new BrotliStream(new MemoryStream(brotliBytes), CompressionMode.Decompress))
        {
            Assert.Contains(headline, await new StreamReader(decoded).ReadToEndAsync());
        }

        var gzip = await ReadCachedAsync(path, "gzip");
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        await using (var decoded = new GZipStream(await gzip.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            Assert.Contains(headline, await new StreamReader(decoded).ReadToEndAsync());
        }

        // A client that asked for no encoding never gets a compressed entry, and the page it gets is the same page.
        var plain = await ReadCachedAsync(path, acceptEncoding: null);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var html = await plain.Content.ReadAsStringAsync();
        Assert.Contains(headline, html);
        Assert.True(brotliBytes.Length * 2 < Encoding.UTF8.GetByteCount(html), $"{brotliBytes.Length} compressed bytes of {html.Length}");

        // Revalidating the compressed copy with its (weak) validator still answers 304.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.AcceptEncoding.ParseAdd("br");
        conditional.Headers.IfNoneMatch.Add(brotli.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _reader.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task A_page_for_a_reader_with_the_cookie_is_not_compressed()
    {
        var (slug, _, _) = await FileAsync("Night market returns to the old tram depot");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/articles/{slug}");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        request.Headers.Add("Cookie", $"nojor_reader={await new Feedback.FeedbackScenario(platform).IssueTokenAsync()}");
        var response = await _reader.SendAsync(request);

        // Their page carries a form token beside text they can influence: compressed, it could leak over HTTPS (BREACH).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.True(response.Headers.CacheControl?.Private, $"Cache-Control: {response.Headers.CacheControl}");
    }

    private async Task<(string Slug, string Id, string ETag)> FileAsync(string headline)
    {
        using var editor = platform.EditorGateway();
        var (filed, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique(headline)));
        return (filed.GetProperty("slug").GetString()!, filed.GetProperty("id").GetString()!, etag);
    }

    /// <summary>Reads until the gateway answers from its cache (it marks those answers with <c>Age</c>).</summary>
    private Task<HttpResponseMessage> ReadCachedAsync(string path, string? acceptEncoding = null) =>
        Eventually.EventuallyAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (acceptEncoding is not null)
            {
                request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
            }
            var response = await _reader.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.Age is not null ? response : null;
        }, TimeSpan.FromSeconds(15), $"the gateway to answer {path} ({acceptEncoding ?? "no encoding"}) from its cache");
}
