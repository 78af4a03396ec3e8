using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Nojor.Requests;

/// <summary>
/// Whether a request asks the caches on its way to check with the source rather than answer from what they keep:
/// <c>Cache-Control: no-cache</c>, a browser's reload (<c>max-age=0</c>), or HTTP/1.0's <c>Pragma: no-cache</c> when
/// there is no <c>Cache-Control</c>. Every cache of article reads honours it (the gateway, the web app's calls, each
/// article instance's memory), and the gateway asks it whenever it fills its own cache: a copy it keeps for everyone
/// then comes from PostgreSQL, never from an article instance that has not yet heard of a change the gateway has.
/// </summary>
public static class Revalidation
{
    public const string NoCache = "no-cache";

    public static bool IsRequested(IHeaderDictionary headers)
    {
        var cacheControl = headers.CacheControl;
        if (cacheControl.Count == 0)
        {
            // Cheap for the requests that carry neither header, which is nearly all of them.
            return headers.Pragma.Count > 0 && headers.Pragma.ToString().Contains(NoCache, StringComparison.OrdinalIgnoreCase);
        }
        return CacheControlHeaderValue.TryParse(cacheControl.ToString(), out var requested)
            && (requested.NoCache || requested.MaxAge == TimeSpan.Zero);
    }
}
