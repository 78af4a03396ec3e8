using Nojor.Requests;

namespace Nojor.Gateway.Caching;

/// <summary>
/// The proxy step that asks the origin to revalidate (<c>Cache-Control: no-cache</c>) whenever the output cache may
/// store its answer (<see cref="SharedCacheRules.IsFilling"/>). Only fills pay for it: one request per entry, each time
/// an entry is missing or has gone.
/// </summary>
internal static class FillFromSource
{
    public static Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (SharedCacheRules.IsFilling(context))
        {
            context.Request.Headers.CacheControl = Revalidation.NoCache;
        }
        return next();
    }
}
