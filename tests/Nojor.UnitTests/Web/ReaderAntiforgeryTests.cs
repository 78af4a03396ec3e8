using Microsoft.AspNetCore.Http;
using Nojor.Web.Hosting;

namespace Nojor.UnitTests.Web;

public sealed class ReaderAntiforgeryTests
{
    private static HttpRequest Post(string host, (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Host = new HostString(host);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        return context.Request;
    }

    [Theory]
    [InlineData("same-origin", true)]
    [InlineData("none", true)]
    [InlineData("same-site", false)]
    [InlineData("cross-site", false)]
    public void A_post_without_a_reader_cookie_is_accepted_only_from_this_origin_by_fetch_metadata(string site, bool accepted) =>
        Assert.Equal(accepted, ReaderAntiforgery.IsSameOrigin(Post("news.example", [("Sec-Fetch-Site", site)])));

    [Theory]
    [InlineData("https://news.example", true)]
    [InlineData("https://evil.example", false)]
    [InlineData("null", false)]
    public void Without_fetch_metadata_the_origin_header_must_name_this_host(string origin, bool accepted) =>
        Assert.Equal(accepted, ReaderAntiforgery.IsSameOrigin(Post("news.example", [("Origin", origin)])));

    [Fact]
    public void A_post_with_neither_header_comes_from_no_browser_form_and_is_accepted() =>
        Assert.True(ReaderAntiforgery.IsSameOrigin(Post("news.example", [])));
}
