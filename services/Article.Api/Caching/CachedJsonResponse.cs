using Microsoft.Net.Http.Headers;
using Nojor.Articles.Articles;

namespace Nojor.Articles.Caching;

/// <summary>
/// How a cached body goes out: its ETag and Cache-Control, then 304 when the reader already holds this version,
/// otherwise the bytes as they are. One place, so the endpoint and the early read path answer alike.
/// </summary>
public static class CachedJsonResponse
{
    private const string ContentType = "application/json; charset=utf-8";

    public static Task WriteAsync(HttpContext httpContext, CachedJson json, string cacheControl)
    {
        var response = httpContext.Response;
        response.Headers.ETag = json.ETag;
        response.Headers.CacheControl = cacheControl;
        if (ArticleETag.Matches(httpContext.Request.Headers[HeaderNames.IfNoneMatch], json.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = json.Utf8Json.Length;
        // Straight into Kestrel's output pipe (no Stream adapter); a write that completes at once allocates no Task.
        var written = response.BodyWriter.WriteAsync(json.Utf8Json, httpContext.RequestAborted);
        return written.IsCompletedSuccessfully ? Task.CompletedTask : written.AsTask();
    }
}
