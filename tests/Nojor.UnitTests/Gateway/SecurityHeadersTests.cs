using Microsoft.AspNetCore.Http;
using Nojor.Gateway.Security;

namespace Nojor.UnitTests.Gateway;

/// <summary>What the gateway adds to an answer's headers as they are sent (the platform itself is tested over plain HTTP).</summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public void Hsts_is_added_to_answers_served_over_https_only()
    {
        var overHttps = Answer("https", "application/json");
        var overHttp = Answer("http", "application/json");

        Assert.Equal(SecurityHeaders.StrictTransportSecurity, overHttps.Response.Headers.StrictTransportSecurity.ToString());
        Assert.False(overHttp.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public void Headers_an_upstream_chose_are_kept()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
        context.Response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        context.Response.Headers.StrictTransportSecurity = "max-age=60";

        SecurityHeaders.Apply(context);

        Assert.Equal("default-src 'self'; frame-ancestors 'none'", context.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("strict-origin-when-cross-origin", context.Response.Headers["Referrer-Policy"].ToString());
        Assert.Equal("max-age=60", context.Response.Headers.StrictTransportSecurity.ToString());
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
    }

    private static DefaultHttpContext Answer(string scheme, string contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Response.ContentType = contentType;
        SecurityHeaders.Apply(context);
        return context;
    }
}
