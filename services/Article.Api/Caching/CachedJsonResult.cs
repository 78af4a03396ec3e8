using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nojor.Articles.Caching;

/// <summary>
/// Writes cached JSON bytes as they are, with the ETag and Cache-Control for anonymous readers,
/// or 304 when the reader already holds this version.
/// </summary>
public sealed class CachedJsonResult<TBody>(CachedJson json, string cacheControl) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => CachedJsonResponse.WriteAsync(httpContext, json, cacheControl);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TBody), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}
