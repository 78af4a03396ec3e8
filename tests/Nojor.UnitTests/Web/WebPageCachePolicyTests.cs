using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Nojor.Gateway.Caching;
using Nojor.ReadCache;
using Yarp.ReverseProxy.Configuration;

namespace Nojor.UnitTests.Web;

/// <summary>What the gateway keeps of the reader web app's pages, and for how long.</summary>
public sealed class WebPageCachePolicyTests
{
    private static readonly TimeSpan GatewayMaxAge = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_anonymous_read_of_a_page_is_looked_up_and_stored_under_the_pages_tag()
    {
        var context = await RequestAsync(Listening(), request => request.Path = "/articles/harbour-reopens");

        Assert.True(context.EnableOutputCaching);
        Assert.True(context.AllowCacheLookup);
        Assert.True(context.AllowCacheStorage);
        Assert.Equal(GatewayMaxAge, context.ResponseExpirationTimeSpan);
        Assert.Contains(ArticleCacheTags.Pages, context.Tags);
        Assert.Contains(ArticleCacheTags.All, context.Tags);
    }

    [Theory]
    [InlineData("POST", "", "", "")]
    [InlineData("GET", "?cursor=abc", "", "")]
    [InlineData("GET", "", "nojor_reader=rdr_someone", "")]
    [InlineData("GET", "", "", "Bearer token")]
    public async Task Writes_queries_readers_with_their_cookie_and_signed_in_requests_bypass_the_cache(
        string method, string query, string cookie, string authorization)
    {
        var context = await RequestAsync(Listening(), request =>
        {
            request.Method = method;
            request.Path = "/";
            request.QueryString = new QueryString(query);
            if (cookie.Length > 0)
            {
                request.Headers.Cookie = cookie;
            }
            if (authorization.Length > 0)
            {
                request.Headers.Authorization = authorization;
            }
        });

        Assert.False(context.EnableOutputCaching);
    }

    [Fact]
    public async Task Other_cookies_do_not_keep_a_reader_from_the_shared_page()
    {
        var context = await RequestAsync(Listening(), request => request.Headers.Cookie = "nojor_af=token-of-an-old-form");

        Assert.True(context.EnableOutputCaching);
    }

    [Fact]
    public async Task Nothing_is_cached_while_the_gateway_cannot_hear_article_events()
    {
        var context = await RequestAsync(new CacheInvalidationFeed(), _ => { });

        Assert.False(context.EnableOutputCaching);
    }

    [Fact]
    public async Task A_reload_goes_to_the_web_app_and_its_answer_replaces_the_entry()
    {
        var context = await RequestAsync(Listening(), request => request.Headers.CacheControl = "max-age=0");

        Assert.True(context.EnableOutputCaching);
        Assert.False(context.AllowCacheLookup);
        Assert.True(context.AllowCacheStorage);
    }

    [Theory]
    [InlineData(200, "public, max-age=10", null, true, 10)]
    [InlineData(200, "public, max-age=600", null, true, 30)]
    [InlineData(200, "private, no-cache", null, false, 0)]
    [InlineData(200, "public, max-age=0", null, false, 0)]
    [InlineData(200, null, null, false, 0)]
    [InlineData(200, "public, max-age=10", "nojor_reader=rdr_new; path=/", false, 0)]
    [InlineData(404, "public, max-age=10", null, false, 0)]
    public async Task Only_public_200_answers_without_a_cookie_are_kept_and_never_longer_than_their_max_age(
        int status, string? cacheControl, string? setCookie, bool stored, int seconds)
    {
        IOutputCachePolicy policy = Policy(Listening());
        var context = await RequestAsync(Listening(), _ => { });
        context.HttpContext.Response.StatusCode = status;
        if (cacheControl is not null)
        {
            context.HttpContext.Response.Headers.CacheControl = cacheControl;
        }
        if (setCookie is not null)
        {
            context.HttpContext.Response.Headers.SetCookie = setCookie;
        }

        await policy.ServeResponseAsync(context, CancellationToken.None);

        Assert.Equal(stored, context.AllowCacheStorage);
        if (stored)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), context.ResponseExpirationTimeSpan);
        }
    }

    [Fact]
    public async Task The_web_apps_routes_get_the_page_policy_and_the_api_routes_keep_theirs()
    {
        var filter = new WebPageCacheRoute();
        var web = await filter.ConfigureRouteAsync(new RouteConfig { RouteId = "web", ClusterId = "web" }, null, CancellationToken.None);
        var articleRead = await filter.ConfigureRouteAsync(
            new RouteConfig { RouteId = "article-read", ClusterId = "article", OutputCachePolicy = ArticleReadCachePolicy.Name }, null, CancellationToken.None);
        var feedback = await filter.ConfigureRouteAsync(new RouteConfig { RouteId = "feedback", ClusterId = "feedback" }, null, CancellationToken.None);

        Assert.Equal(WebPageCachePolicy.Name, web.OutputCachePolicy);
        Assert.Equal(ArticleReadCachePolicy.Name, articleRead.OutputCachePolicy);
        Assert.Null(feedback.OutputCachePolicy);
    }

    private static CacheInvalidationFeed Listening()
    {
        var feed = new CacheInvalidationFeed();
        feed.Set(true);
        return feed;
    }

    private static WebPageCachePolicy Policy(CacheInvalidationFeed feed) =>
        new(Options.Create(new ReadCacheOptions { MaxAge = GatewayMaxAge }), feed);

    private static async Task<OutputCacheContext> RequestAsync(CacheInvalidationFeed feed, Action<HttpRequest> configure)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = "/";
        configure(http.Request);
        var context = new OutputCacheContext { HttpContext = http };
        await ((IOutputCachePolicy)Policy(feed)).CacheRequestAsync(context, CancellationToken.None);
        return context;
    }
}
