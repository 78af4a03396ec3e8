using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;
using Nojor.Requests;

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
        context.AllowCacheLookup = !Revalidation.IsRequested(context.HttpContext.Request.Headers);
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

    /// <summary>
    /// Whether the request on its way to the origin is one whose answer the cache may store: the origin is then asked to
    /// revalidate (<see cref="Revalidation"/>), so what is kept for every reader comes from the source of truth. An article
    /// instance, or the web app reading through one, may still hold a report from before a change whose event reached this
    /// gateway first; a copy stored from that would be served stale for the entry's whole lifetime, as no other event
    /// comes to evict it.
    /// </summary>
    public static bool IsFilling(HttpContext context) =>
        context.Features.Get<IOutputCacheFeature>()?.Context is { EnableOutputCaching: true, AllowCacheStorage: true };
}
