using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Nojor.Articles.Articles;

namespace Nojor.Articles.Caching;

/// <summary>
/// Writes cached JSON bytes as they are, with the ETag and Cache-Control for anonymous readers,
/// or 304 when the reader already holds this version.
/// </summary>
public sealed class CachedJsonResult<TBody>(CachedJson json, string cacheControl) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
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
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Utf8Json.Length;
        return response.Body.WriteAsync(json.Utf8Json, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TBody), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}
