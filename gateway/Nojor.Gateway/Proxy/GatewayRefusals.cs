using System.Net;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Nojor.Gateway.Proxy;

/// <summary>
/// How the gateway itself refuses a request (budget spent, body too large, service unreachable): API clients get
/// RFC 9457 problem details; a reader's browser asking for a page of the web app gets a small readable page with
/// the same status code, since the web app that would render one may be the very thing that is down.
/// </summary>
internal static class GatewayRefusals
{
    private static readonly string[] ApiPrefixes = ["/api", "/openapi", "/docs", "/health", "/alive"];

    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        // Status code pages must not write a second body.
        context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        // The problem writer writes the body only: without this a refused body was answered 200 with a 413 problem in it.
        context.Response.StatusCode = status;
        if (IsPageRequest(context.Request))
        {
            return WritePageAsync(context, status, title, detail);
        }
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    public static bool IsPageRequest(HttpRequest request) =>
        !ApiPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task WritePageAsync(HttpContext context, int status, string title, string detail)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'";
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" – Nojor</title></head>")
            .Append("<body><main><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1><p>")
            .Append(WebUtility.HtmlEncode(detail)).Append("</p><p><a href=\"/\">Go to the front page</a></p></main></body></html>")
            .ToString();
        return response.WriteAsync(page);
    }
}
