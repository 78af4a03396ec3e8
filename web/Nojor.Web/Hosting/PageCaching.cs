using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Nojor.Web.Readers;

namespace Nojor.Web.Hosting;

/// <summary>
/// Marks a page that is the same for every reader without a reader cookie (front, section, tag, place, story and
/// report pages), so browsers and the gateway may keep it like the API's cached reads:
/// <list type="bullet">
/// <item>a GET or HEAD from a reader without the <c>nojor_reader</c> cookie answers
/// <c>Cache-Control: public, max-age=</c><see cref="WebOptions.PublicMaxAge"/> with a strong <c>ETag</c> (a hash of
/// the body), and <c>If-None-Match</c> with that ETag answers 304;</item>
/// <item>a reader with the cookie sees their own state on these pages, so theirs are <c>private, no-cache</c>;</item>
/// <item>both carry <c>Vary: Cookie</c>, so a browser that has just been given the cookie does not reuse the shared
/// copy it kept from before.</item>
/// </list>
/// Whatever marks a rendering as per-reader after all (a <c>Set-Cookie</c>, or anti-forgery's <c>no-store</c>) keeps it
/// private. The gateway stores only <c>public</c> 200 answers (its <c>WebPageCachePolicy</c>), so this attribute is
/// the one switch for both caches.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class PublicPageAttribute : Attribute, IAsyncResultFilter
{
    public const string PrivateCacheControl = "private, no-cache";

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var response = http.Response;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.Cookie);

        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || ReaderSession.HasCookie(request))
        {
            // Set when the answer starts: anti-forgery sets its own "no-cache, no-store" while the page renders.
            response.OnStarting(static state =>
            {
                MarkPrivate(((HttpContext)state).Response);
                return Task.CompletedTask;
            }, http);
            await next();
            return;
        }

        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            response.Body = original;
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (response.StatusCode == StatusCodes.Status200OK && !IsPerReader(response))
        {
            var maxAge = http.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.PublicMaxAge;
            var etag = StrongETag(body.Span);
            response.Headers.ETag = etag.ToString();
            response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
            if (Matches(request, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        else if (response.StatusCode == StatusCodes.Status200OK)
        {
            MarkPrivate(response);
        }

        if (response.StatusCode < 300 || body.Length > 0)
        {
            response.ContentLength = body.Length;
        }
        if (!HttpMethods.IsHead(request.Method) && body.Length > 0)
        {
            await original.WriteAsync(body, http.RequestAborted);
        }
    }

    /// <summary>A strong validator of the exact bytes: the first 128 bits of their SHA-256, as hex.</summary>
    public static EntityTagHeaderValue StrongETag(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(hash[..16])}\"");
    }

    private static bool Matches(HttpRequest request, EntityTagHeaderValue etag)
    {
        var conditions = request.GetTypedHeaders().IfNoneMatch;
        // If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" from a cache matches "x".
        return conditions.Any(condition => condition.Equals(EntityTagHeaderValue.Any) || condition.Compare(etag, useStrongComparison: false));
    }

    private static bool IsPerReader(HttpResponse response)
    {
        if (response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            return true;
        }
        var cacheControl = response.Headers.CacheControl.ToString();
        return cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase)
            || cacheControl.Contains("private", StringComparison.OrdinalIgnoreCase);
    }

    private static void MarkPrivate(HttpResponse response)
    {
        // Keep "no-store" where anti-forgery asked for it: a page with a reader's form token must not be stored at all.
        var noStore = response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase);
        response.Headers.CacheControl = noStore ? PrivateCacheControl + ", no-store" : PrivateCacheControl;
    }
}

public static class PageCachingExtensions
{
    /// <summary>
    /// Every answer that did not choose its own caching (pages a reader sees with their own state, forms, errors) is
    /// <c>private, no-cache</c>: no shared cache keeps it, and a browser asks again before reusing it. Without this,
    /// a browser may reuse a page heuristically and show a reader a stale form or subscription state.
    /// </summary>
    public static IApplicationBuilder UsePrivateCachingByDefault(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = PublicPageAttribute.PrivateCacheControl;
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
