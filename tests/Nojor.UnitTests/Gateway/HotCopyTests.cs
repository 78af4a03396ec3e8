using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Nojor.EarlyAnswers;
using Nojor.Gateway.Caching;
using Nojor.Gateway.Security;
using Nojor.Gateway.Tracing;
using Nojor.ReadCache;

namespace Nojor.UnitTests.Gateway;

/// <summary>
/// The gateway's fast path for anonymous cached reads, on a real Kestrel with the gateway's cache pieces (capture, output
/// cache policy, evicting store, early answers) in front of an endpoint that plays the article service.
/// </summary>
public sealed class HotCopyTests : IAsyncLifetime
{
    private const string Slug = "tram-line-opens";
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-12-02T09:00:00Z"));
    private WebApplication app = null!;
    private HttpClient client = null!;
    private int reachedHosting;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> originSawCacheControl = new();
    private int version = 1;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> copiedOnTheWay = new();
    private Func<Task>? whileAnswering;

    public async Task InitializeAsync() => await StartAsync(_ => { });

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Reads_after_the_first_are_answered_beneath_hosting_with_the_first_answers_bytes_and_headers()
    {
        var first = await client.GetAsync($"/api/articles/{Slug}");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{Slug}");
        again.Headers.Add(RequestIdMiddleware.HeaderName, "reader-report-17");
        var second = await client.SendAsync(again);

        Assert.Equal(1, reachedHosting);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        foreach (var header in new[] { "ETag", "Cache-Control", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy" })
        {
            Assert.Equal(Header(first, header), Header(second, header));
        }
        Assert.Equal(first.Content.Headers.ContentType, second.Content.Headers.ContentType);
        Assert.Equal("reader-report-17", Header(second, RequestIdMiddleware.HeaderName));
        Assert.NotEqual(Header(first, RequestIdMiddleware.HeaderName), Header(second, RequestIdMiddleware.HeaderName));
        Assert.Equal(TimeSpan.Zero, second.Headers.Age);
        Assert.Null(Header(second, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_read_the_output_cache_answers_gets_its_own_request_id_not_the_one_the_entry_was_stored_with()
    {
        var first = await client.GetAsync($"/api/articles/{Slug}");
        // An Origin takes the full pipeline, where the output cache answers with the headers it stored.
        using var crossOrigin = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{Slug}");
        crossOrigin.Headers.Add("Origin", "http://localhost:5173");
        crossOrigin.Headers.Add(RequestIdMiddleware.HeaderName, "reader-report-18");

        var second = await client.SendAsync(crossOrigin);

        Assert.Single(originSawCacheControl);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal("reader-report-18", Header(second, RequestIdMiddleware.HeaderName));
        Assert.NotEqual(Header(first, RequestIdMiddleware.HeaderName), Header(second, RequestIdMiddleware.HeaderName));
    }

    [Fact]
    public async Task The_cache_asks_the_origin_to_revalidate_when_it_may_keep_the_answer_and_only_then()
    {
        await client.GetAsync($"/api/articles/{Slug}");
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{Slug}");
        signedIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "editor-token");
        await client.SendAsync(signedIn);

        Assert.Equal(["no-cache", ""], originSawCacheControl);
    }

    [Fact]
    public async Task A_read_without_a_request_id_of_its_own_gets_a_fresh_one()
    {
        await client.GetAsync($"/api/articles/{Slug}");
        var second = await client.GetAsync($"/api/articles/{Slug}");
        var third = await client.GetAsync($"/api/articles/{Slug}");

        Assert.Equal(1, reachedHosting);
        Assert.Matches("^[0-9a-f]{32}$", Header(second, RequestIdMiddleware.HeaderName));
        Assert.NotEqual(Header(second, RequestIdMiddleware.HeaderName), Header(third, RequestIdMiddleware.HeaderName));
    }

    [Fact]
    public async Task An_eviction_of_the_reports_entry_sends_the_next_read_to_the_service_and_its_new_version_is_kept()
    {
        await client.GetAsync($"/api/articles/{Slug}");
        version = 2;
        await app.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(ArticleCacheTags.ForSlug(Slug), CancellationToken.None);

        var afterEviction = await client.GetAsync($"/api/articles/{Slug}");
        var copied = await client.GetAsync($"/api/articles/{Slug}");

        Assert.Equal(2, reachedHosting);
        Assert.Contains("version 2", await afterEviction.Content.ReadAsStringAsync());
        Assert.Contains("version 2", await copied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_copy_is_answered_no_longer_than_the_origins_max_age()
    {
        await client.GetAsync($"/api/articles/{Slug}");
        time.Advance(TimeSpan.FromSeconds(19));
        var late = await client.GetAsync($"/api/articles/{Slug}");
        time.Advance(TimeSpan.FromSeconds(2));
        await client.GetAsync($"/api/articles/{Slug}");

        Assert.Equal(TimeSpan.FromSeconds(19), late.Headers.Age);
        Assert.Equal(2, reachedHosting);
    }

    [Theory]
    [InlineData("Authorization", "Bearer editor-token")]
    [InlineData("Origin", "http://localhost:5173")]
    [InlineData("If-None-Match", "\"v1\"")]
    [InlineData("Cache-Control", "no-cache")]
    [InlineData("Cookie", "nojor_reader=abc")]
    public async Task Requests_with_credentials_an_origin_a_condition_or_a_wish_to_revalidate_take_the_full_pipeline(string name, string value)
    {
        await client.GetAsync($"/api/articles/{Slug}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{Slug}");
        request.Headers.TryAddWithoutValidation(name, value);

        await client.SendAsync(request);

        Assert.Equal(2, reachedHosting);
    }

    [Fact]
    public async Task Nothing_is_answered_early_while_article_events_are_not_arriving()
    {
        await client.GetAsync($"/api/articles/{Slug}");
        app.Services.GetRequiredService<CacheInvalidationFeed>().Set(false);

        await client.GetAsync($"/api/articles/{Slug}");

        Assert.Equal(2, reachedHosting);
    }

    [Fact]
    public async Task HSTS_is_added_for_a_trusted_proxys_https_request_and_only_for_it()
    {
        await DisposeAsync();
        await StartAsync(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Add(IPAddress.Loopback);
        });
        await client.GetAsync($"/api/articles/{Slug}");
        using var overHttps = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{Slug}");
        overHttps.Headers.Add("X-Forwarded-Proto", "https");

        var secure = await client.SendAsync(overHttps);
        var plain = await client.GetAsync($"/api/articles/{Slug}");

        Assert.Equal(1, reachedHosting);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, Header(secure, "Strict-Transport-Security"));
        Assert.Null(Header(plain, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_route_the_output_cache_does_not_serve_is_not_copied_on_its_way_out()
    {
        await client.GetAsync("/api/notifications/stream");
        await client.GetAsync($"/api/articles/{Slug}");

        Assert.False(copiedOnTheWay["/api/notifications/stream"]);
        Assert.True(copiedOnTheWay[$"/api/articles/{Slug}"]);
    }

    [Fact]
    public async Task An_answer_read_before_a_change_whose_eviction_arrived_while_it_was_on_its_way_is_not_kept()
    {
        // The origin reads version 1; the report changes and its event evicts the gateway before the answer is back.
        whileAnswering = async () =>
        {
            version = 2;
            await app.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(ArticleCacheTags.ForSlug(Slug), CancellationToken.None);
        };
        var stale = await client.GetAsync($"/api/articles/{Slug}");
        whileAnswering = null;

        var next = await client.GetAsync($"/api/articles/{Slug}");

        Assert.Contains("version 1", await stale.Content.ReadAsStringAsync());
        Assert.Contains("version 2", await next.Content.ReadAsStringAsync());
        Assert.Equal(2, originSawCacheControl.Count);
    }

    [Fact]
    public async Task An_eviction_that_runs_while_an_answer_is_being_stored_takes_it_back_out()
    {
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        var copies = app.Services.GetRequiredService<HotCopies>();
        var racing = new HotCopyEvictingStore(new EvictingWhileStoring(store), copies);
        copies.MarkRequestStart();

        await racing.SetAsync("entry", "{}"u8.ToArray(), [ArticleCacheTags.ForSlug(Slug)], TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Null(await store.GetAsync("entry", CancellationToken.None));
    }

    [Fact]
    public void A_copy_captured_while_an_eviction_ran_is_not_kept()
    {
        var copies = new HotCopies(Options.Create(new ReadCacheOptions()), time);
        var key = new HotCopyKey("gateway", "/api/articles/" + Slug, "");
        var generation = copies.Generation;

        copies.EvictByTag(ArticleCacheTags.All);
        var kept = copies.TryAdd(key, [], "{}"u8.ToArray(), [ArticleCacheTags.All], TimeSpan.FromSeconds(30), generation);

        Assert.False(kept);
        Assert.Null(copies.Find(key));
        Assert.True(copies.TryAdd(key, [], "{}"u8.ToArray(), [ArticleCacheTags.All], TimeSpan.FromSeconds(30), copies.Generation));
    }

    [Fact]
    public void Copies_beyond_the_caches_size_limit_are_not_kept()
    {
        var copies = new HotCopies(Options.Create(new ReadCacheOptions { SizeLimitBytes = 1024 * 1024 }), time);
        var body = new byte[700 * 1024];

        Assert.True(copies.TryAdd(new HotCopyKey("gateway", "/a", ""), [], body, [], TimeSpan.FromSeconds(30), copies.Generation));
        Assert.False(copies.TryAdd(new HotCopyKey("gateway", "/b", ""), [], body, [], TimeSpan.FromSeconds(30), copies.Generation));
        time.Advance(TimeSpan.FromSeconds(31));
        // The expired copy made room for the next one.
        Assert.False(copies.TryAdd(new HotCopyKey("gateway", "/c", ""), [], body, [], TimeSpan.FromSeconds(30), copies.Generation));
        Assert.True(copies.TryAdd(new HotCopyKey("gateway", "/d", ""), [], body, [], TimeSpan.FromSeconds(30), copies.Generation));
    }

    /// <summary>The output cache's own store, with an eviction of the entry's tags landing just before the entry goes in.</summary>
    private sealed class EvictingWhileStoring(IOutputCacheStore decorated) : IOutputCacheStore
    {
        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            foreach (var tag in tags ?? [])
            {
                await decorated.EvictByTagAsync(tag, cancellationToken);
            }
            await decorated.SetAsync(key, value, tags, validFor, cancellationToken);
        }

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => decorated.EvictByTagAsync(tag, cancellationToken);

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => decorated.GetAsync(key, cancellationToken);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    private async Task StartAsync(Action<ForwardedHeadersOptions> forwarded)
    {
        reachedHosting = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddMetrics();
        builder.Services.AddOptions<ReadCacheOptions>();
        builder.Services.Configure(forwarded);
        builder.Services.AddSingleton(_ =>
        {
            var feed = new CacheInvalidationFeed();
            feed.Set(true);
            return feed;
        });
        builder.Services.AddOutputCache();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<ReadCacheOptions>, CacheInvalidationFeed>((output, readCache, feed) =>
            output.AddPolicy(ArticleReadCachePolicy.Name, new ArticleReadCachePolicy(readCache, feed)));
        builder.Services.AddSingleton<HotCopies>();
        HotCopyEvictingStore.Decorate(builder.Services);
        builder.Services.AddEarlyAnswers<HotCopy, HotCopyAnswers>();
        app = builder.Build();
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref reachedHosting);
            return next(context);
        });
        app.UseSecurityHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseHotCopyCapture();
        app.Use((context, next) =>
        {
            copiedOnTheWay[context.Request.Path] = context.Response.Body is CapturingStream;
            return next(context);
        });
        app.UseOutputCache();
        // Where the gateway's proxy pipeline runs it: after the output cache decided, before the request leaves.
        app.Use(FillFromSource.InvokeAsync);
        app.MapGet("/api/notifications/stream", () => Results.Text(": connected\n\n", "text/event-stream"));
        app.MapGet("/api/articles/{slug}", async (string slug, HttpContext context) =>
        {
            originSawCacheControl.Enqueue(context.Request.Headers.CacheControl.ToString());
            context.Response.Headers.CacheControl = "public, max-age=20";
            var read = version;
            context.Response.Headers.ETag = $"\"v{read}\"";
            if (whileAnswering is { } change)
            {
                await change();
            }
            return Results.Text($$"""{"slug":"{{slug}}","text":"version {{read}}"}""", "application/json; charset=utf-8");
        }).CacheOutput(ArticleReadCachePolicy.Name);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new HttpClient { BaseAddress = new Uri(address) };
    }
}
