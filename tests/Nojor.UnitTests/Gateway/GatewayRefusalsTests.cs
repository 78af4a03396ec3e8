using Microsoft.AspNetCore.Http;
using Nojor.Gateway.Proxy;

namespace Nojor.UnitTests.Gateway;

public sealed class GatewayRefusalsTests
{
    private static HttpRequest Request(string path, string accept)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.Headers.Accept = accept;
        return context.Request;
    }

    [Theory]
    [InlineData("/", "text/html,application/xhtml+xml,*/*;q=0.8", true)]
    [InlineData("/articles/a-report", "text/html", true)]
    [InlineData("/articles/a-report", "application/json", false)]
    [InlineData("/api/articles", "text/html", false)]
    [InlineData("/docs", "text/html", false)]
    [InlineData("/health", "text/html", false)]
    public void A_browser_asking_for_a_page_is_refused_with_a_page_and_everyone_else_with_a_problem(string path, string accept, bool page) =>
        Assert.Equal(page, GatewayRefusals.IsPageRequest(Request(path, accept)));

    [Fact]
    public async Task The_refusal_page_keeps_the_status_code_and_renders_the_detail_inert()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/articles/x";
        context.Request.Headers.Accept = "text/html";
        context.Response.Body = new MemoryStream();

        await GatewayRefusals.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests", "retry <soon>");

        Assert.Equal(429, context.Response.StatusCode);
        Assert.StartsWith("text/html", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var html = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("<h1>Too Many Requests</h1>", html);
        Assert.Contains("retry &lt;soon&gt;", html);
    }
}
