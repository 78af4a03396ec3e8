using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Nojor.Gateway.Caching;

/// <summary>
/// What the gateway's caches (article reads and reader pages) share: they act as a shared HTTP cache that is told
/// about changes, so they keep only what its origin marked as shareable, for no longer than it allows.
/// </summary>
internal static class SharedCacheRules
{
    /// <summary>
    /// Lets the request use the cache: lookups unless the client asks to revalidate ("no-cache", or a browser's reload
    /// with <c>max-age=0</c>: then the origin's fresh answer replaces the entry), one request per key to the origin when
    /// an entry is missing, and entries kept at most <paramref name="maxAge"/>.
    /// </summary>
    public static void Enable(OutputCacheContext context, TimeSpan maxAge)
    {
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = !RequestsRevalidation(context.HttpContext.Request);
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = maxAge;
    }

    /// <summary>
    /// Stores only 200 answers marked <c>public</c> with a positive <c>max-age</c> and no cookie, and shortens the entry
    /// to that <c>max-age</c> when it is below the gateway's own limit.
    /// </summary>
    public static void LimitToOrigin(OutputCacheContext context)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey(HeaderNames.SetCookie)
            || !CacheControlHeaderValue.TryParse(response.Headers.CacheControl.ToString(), out var cacheControl)
            || !cacheControl.Public || cacheControl.Private || cacheControl.NoStore || cacheControl.NoCache
            || cacheControl.MaxAge is not { } maxAge || maxAge <= TimeSpan.Zero)
        {
            context.AllowCacheStorage = false;
            return;
        }
        if (maxAge < context.ResponseExpirationTimeSpan)
        {
            context.ResponseExpirationTimeSpan = maxAge;
        }
        // Stored: a request HotCopyCapture watches keeps a ready-to-write copy of it, with the same tags and lifetime.
        context.HttpContext.Features.Get<HotCopyPending>()?.Stored(context.Tags, context.ResponseExpirationTimeSpan ?? maxAge);
    }

    public static bool IsAnonymousRead(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.QueryString.HasValue
        && !request.Headers.ContainsKey(HeaderNames.Authorization);

    private static bool RequestsRevalidation(HttpRequest request) =>
        CacheControlHeaderValue.TryParse(request.Headers.CacheControl.ToString(), out var requested)
        && (requested.NoCache || requested.MaxAge == TimeSpan.Zero);
}
