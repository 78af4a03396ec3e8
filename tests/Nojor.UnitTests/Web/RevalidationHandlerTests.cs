using Microsoft.AspNetCore.Http;
using Nojor.Web.Api;

namespace Nojor.UnitTests.Web;

public sealed class RevalidationHandlerTests
{
    [Theory]
    [InlineData("Cache-Control", "no-cache", true)]
    [InlineData("Cache-Control", "max-age=0", true)]
    [InlineData("Pragma", "no-cache", true)]
    [InlineData("Cache-Control", "max-age=60", false)]
    [InlineData("Accept", "text/html", false)]
    public async Task A_page_request_that_asks_to_revalidate_asks_the_same_of_the_services_it_reads(string name, string value, bool expected)
    {
        var page = new DefaultHttpContext();
        page.Request.Headers[name] = value;

        var sent = await SendThroughAsync(page, HttpMethod.Get);

        Assert.Equal(expected, sent.Headers.CacheControl?.NoCache ?? false);
    }

    [Fact]
    public async Task A_write_carries_no_cache_directive_of_the_page_request()
    {
        var page = new DefaultHttpContext();
        page.Request.Headers.CacheControl = "no-cache";

        var sent = await SendThroughAsync(page, HttpMethod.Post);

        Assert.Null(sent.Headers.CacheControl);
    }

    private static async Task<HttpRequestMessage> SendThroughAsync(HttpContext page, HttpMethod method)
    {
        var inner = new Recorder();
        using var invoker = new HttpMessageInvoker(new RevalidationHandler(new HttpContextAccessor { HttpContext = page }) { InnerHandler = inner });
        using var request = new HttpRequestMessage(method, "http://article-api/api/articles/harbour-light-returns");
        await invoker.SendAsync(request, CancellationToken.None);
        return inner.Sent!;
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public HttpRequestMessage? Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
