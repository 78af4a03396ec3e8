using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
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

    public static Task WriteAsync(HttpContext httpContext, CachedJson json, string cacheControl) =>
        WriteAsync(httpContext.Request.Headers, httpContext.Features.GetRequiredFeature<IHttpResponseFeature>(),
            httpContext.Response.BodyWriter, json, cacheControl, httpContext.RequestAborted);

    /// <summary>
    /// The same answer written on the server's features, for reads answered beneath the hosting layer
    /// (<see cref="Reading.CachedReads"/>), where no <see cref="HttpContext"/> exists.
    /// </summary>
    public static Task WriteAsync(IHeaderDictionary requestHeaders, IHttpResponseFeature response, PipeWriter body,
        CachedJson json, string cacheControl, CancellationToken cancellationToken)
    {
        var headers = response.Headers;
        headers.ETag = json.ETag;
        headers.CacheControl = cacheControl;
        if (ArticleETag.Matches(requestHeaders[HeaderNames.IfNoneMatch], json.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.StatusCode = StatusCodes.Status200OK;
        headers.ContentType = ContentType;
        headers.ContentLength = json.Utf8Json.Length;
        // Straight into Kestrel's output pipe (no Stream adapter); a write that completes at once allocates no Task.
        var written = body.WriteAsync(json.Utf8Json, cancellationToken);
        return written.IsCompletedSuccessfully ? Task.CompletedTask : written.AsTask();
    }
}
