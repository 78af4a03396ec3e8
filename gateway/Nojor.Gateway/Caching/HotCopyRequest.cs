using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Which requests a hot copy may answer: an anonymous GET without a query that asks for no more than what a shared cache
/// gives everyone. Anything a copy would answer differently from the full pipeline takes the full pipeline instead:
/// <list type="bullet">
/// <item>credentials (<c>Authorization</c>, the reader cookie): authentication decides, and pages show that reader's own;</item>
/// <item><c>Origin</c>: CORS decides which headers a cross-origin caller gets;</item>
/// <item>conditional and range requests, and a client asking to revalidate: the output cache answers 304, or replaces its entry.</item>
/// </list>
/// </summary>
public static class HotCopyRequest
{
    public static bool IsCandidate(IHttpRequestFeature request)
    {
        if (!HttpMethods.IsGet(request.Method) || request.QueryString.Length > 0)
        {
            return false;
        }
        var headers = request.Headers;
        if (headers.ContainsKey(HeaderNames.Authorization) || headers.ContainsKey(HeaderNames.Origin)
            || headers.ContainsKey(HeaderNames.IfNoneMatch) || headers.ContainsKey(HeaderNames.IfModifiedSince)
            || headers.ContainsKey(HeaderNames.IfMatch) || headers.ContainsKey(HeaderNames.IfUnmodifiedSince)
            || headers.ContainsKey(HeaderNames.Range) || headers.ContainsKey(HeaderNames.Pragma))
        {
            return false;
        }
        if (headers.TryGetValue(HeaderNames.CacheControl, out var cacheControl)
            && CacheControlHeaderValue.TryParse(cacheControl.ToString(), out var requested)
            && (requested.NoCache || requested.NoStore || requested.MaxAge == TimeSpan.Zero))
        {
            return false;
        }
        return !(headers.TryGetValue(HeaderNames.Cookie, out var cookies)
            && cookies.ToString().Contains(WebPageCachePolicy.ReaderCookie + "=", StringComparison.Ordinal));
    }

    /// <summary>The key of a candidate: the decoded path as Kestrel gives it, as the capture and the lookup both see it.</summary>
    public static HotCopyKey KeyOf(IHttpRequestFeature request) =>
        new(request.Headers.Host.ToString(), request.Path, request.Headers.AcceptEncoding.ToString());
}
