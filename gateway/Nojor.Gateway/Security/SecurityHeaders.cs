using Microsoft.Net.Http.Headers;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Model;

namespace Nojor.Gateway.Security;

/// <summary>
/// The security headers every answer leaves the gateway with: whatever the answer lacks is added (its own answers, the
/// services' JSON and the web app's pages alike), and nothing an upstream chose is overwritten, since the web app sets
/// stricter page policies of its own.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Answers that are not pages need no script, style or frame: a browser shown one loads nothing with it.</summary>
    public const string DefaultPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// For a page an upstream sent without a policy of its own: without knowing what the page loads, only framing is
    /// forbidden (clickjacking), which cannot break it.
    /// </summary>
    public const string UpstreamPagePolicy = "frame-ancestors 'none'";

    public const string ReferrerPolicy = "no-referrer";

    /// <summary>A year, subdomains included: the public host is served over HTTPS only.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>
    /// The Scalar reference UI at <c>/docs</c>: its own script (with this response's nonce for the inline start-up
    /// script), inline styles (the UI sets style attributes at run time), the merged document from this origin, and
    /// nothing from any other host (its default fonts are turned off).
    /// </summary>
    public static string ReferencePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; " +
        "frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>Adds what the response lacks; called as its headers are about to be sent.</summary>
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
        headers.TryAdd("Referrer-Policy", ReferrerPolicy);
        if (context.Request.IsHttps)
        {
            headers.TryAdd(HeaderNames.StrictTransportSecurity, StrictTransportSecurity);
        }
        var isPage = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (isPage)
        {
            headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
        }
        if (headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            return;
        }
        if (context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string scalarNonce)
        {
            headers.ContentSecurityPolicy = ReferencePolicy(scalarNonce);
        }
        else
        {
            headers.ContentSecurityPolicy = isPage && IsFromUpstream(context) ? UpstreamPagePolicy : DefaultPolicy;
        }
    }

    /// <summary>An answer relayed from a service or the web app (not one the gateway wrote after a failed forward).</summary>
    private static bool IsFromUpstream(HttpContext context) =>
        context.Features.Get<IReverseProxyFeature>() is not null
        && context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is null;
}
