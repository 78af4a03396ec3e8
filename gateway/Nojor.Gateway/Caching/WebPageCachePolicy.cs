using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Nojor.ReadCache;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Keeps the reader web app's pages that are the same for every reader (the front, section, tag, place, story and
/// report pages, which the web app marks <c>public</c>) in the gateway's memory, under the same rules as
/// <see cref="ArticleReadCachePolicy"/>:
/// <list type="bullet">
/// <item>only anonymous GET/HEAD requests without a query string and without the reader cookie (a reader who has one
/// sees their own rating and comments on these pages), and only 200 answers the web app marked <c>public</c>;</item>
/// <item>one entry per <c>Accept-Encoding</c>, as the web app answers each with its own encoding;</item>
/// <item>an entry lives no longer than the page's <c>max-age</c> nor <see cref="ReadCacheOptions.MaxAge"/>;</item>
/// <item>every article event evicts every page (<see cref="ArticleCacheTags.Pages"/>): a report's change shows on the
/// front, section, tag, place and story pages as well as its own; nothing is served while the events are not arriving.</item>
/// </list>
/// Which pages qualify is decided by the web app alone (its <c>PublicPage</c> attribute): any other page answers
/// <c>private</c> and is never stored.
/// </summary>
public sealed class WebPageCachePolicy(IOptions<ReadCacheOptions> options, CacheInvalidationFeed feed) : IOutputCachePolicy
{
    public const string Name = "web-page";

    /// <summary>The reader web app's cookie holding a reader's token (its <c>ReaderSession.CookieName</c>).</summary>
    public const string ReaderCookie = "nojor_reader";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = options.Value.Enabled
            && feed.IsListening
            && SharedCacheRules.IsAnonymousRead(request)
            && !request.Cookies.ContainsKey(ReaderCookie);

        context.EnableOutputCaching = cacheable;
        if (!cacheable)
        {
            return ValueTask.CompletedTask;
        }

        SharedCacheRules.Enable(context, options.Value.MaxAge);
        // The web app compresses shared pages for the encodings a browser accepts: one entry per Accept-Encoding, so each
        // is compressed once and never served to a client that cannot decode it.
        context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
        context.Tags.Add(ArticleCacheTags.All);
        context.Tags.Add(ArticleCacheTags.Pages);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        SharedCacheRules.LimitToOrigin(context);
        return ValueTask.CompletedTask;
    }
}
