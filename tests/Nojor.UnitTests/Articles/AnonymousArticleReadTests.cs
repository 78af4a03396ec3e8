using Microsoft.AspNetCore.Http;
using Nojor.Articles.Reading;

namespace Nojor.UnitTests.Articles;

public sealed class AnonymousArticleReadTests
{
    [Theory]
    [InlineData("/api/articles/harbour-light-returns", "harbour-light-returns")]
    [InlineData("/API/Articles/harbour-light-returns", "harbour-light-returns")]
    [InlineData("/api/articles/by-id", "by-id")]
    public void An_anonymous_get_of_one_slug_is_answered_early(string path, string expected)
    {
        Assert.True(TryGetSlug(Request("GET", path), out var slug));
        Assert.Equal(expected, slug);
    }

    [Theory]
    [InlineData("GET", "/api/articles")]
    [InlineData("GET", "/api/articles/")]
    [InlineData("GET", "/api/articles/harbour-light-returns/")]
    [InlineData("GET", "/api/articles/harbour-light-returns/revisions")]
    [InlineData("GET", "/api/articles/by-id/0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("GET", "/api/articlesx/harbour-light-returns")]
    [InlineData("GET", "/api/stories/harbour-light-returns")]
    [InlineData("HEAD", "/api/articles/harbour-light-returns")]
    [InlineData("PUT", "/api/articles/harbour-light-returns")]
    public void Every_other_request_takes_the_normal_way(string method, string path) =>
        Assert.False(TryGetSlug(Request(method, path), out _));

    [Fact]
    public void A_signed_in_read_takes_the_normal_way_through_authentication()
    {
        var request = Request("GET", "/api/articles/harbour-light-returns");
        request.Headers.Authorization = "Bearer token";
        Assert.False(TryGetSlug(request, out _));
    }

    [Theory]
    [InlineData("Cache-Control", "no-cache")]
    [InlineData("Cache-Control", "max-age=0")]
    [InlineData("Pragma", "no-cache")]
    public void A_read_that_asks_to_revalidate_takes_the_normal_way_to_PostgreSQL(string name, string value)
    {
        var request = Request("GET", "/api/articles/harbour-light-returns");
        request.Headers[name] = value;
        Assert.False(TryGetSlug(request, out _));
    }

    [Theory]
    [InlineData("Cache-Control", "max-age=60")]
    [InlineData("Cache-Control", "no-transform")]
    [InlineData("Pragma", "x-trace")]
    public void Cache_headers_that_do_not_ask_to_revalidate_are_still_answered_early(string name, string value)
    {
        var request = Request("GET", "/api/articles/harbour-light-returns");
        request.Headers[name] = value;
        Assert.True(TryGetSlug(request, out _));
    }

    private static bool TryGetSlug(HttpRequest request, out string slug) =>
        AnonymousArticleRead.TryGetSlug(request.Method, request.Path, request.Headers, out slug);

    private static HttpRequest Request(string method, string path)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;
        return request;
    }
}
