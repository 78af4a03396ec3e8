using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;
using Nojor.Web.Readers;

namespace Nojor.Web.Hosting;

/// <summary>
/// Brotli or gzip for pages, styles and scripts, for readers without the reader cookie: the pages every reader shares,
/// which the gateway keeps (one entry per <c>Accept-Encoding</c>) and so compresses once per entry, not once per reader.
/// A report page shrinks to about a quarter of its bytes on the wire.
/// </summary>
/// <remarks>
/// Not for readers with the cookie: their pages carry an anti-forgery token next to text they can influence, which is
/// what a compression side channel (BREACH) needs to guess a secret over HTTPS. A page without a secret has nothing
/// to leak. A compressed answer's <c>ETag</c> turns weak (as nginx does): the bytes differ from the uncompressed ones, the
/// page is the same, and <c>If-None-Match</c> compares weakly, so revalidation still answers 304.
/// </remarks>
public static class PageCompression
{
    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // TLS ends in front of the web app (ingress or gateway); whether a page may be compressed is decided above.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/xml",
                "application/manifest+json", "image/svg+xml"];
        });
        // Shared pages are compressed once per gateway cache entry, so the smaller output is worth the extra effort.
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        return services;
    }

    public static IApplicationBuilder UsePageCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => !ReaderSession.HasCookie(context.Request), branch => branch
            .Use((context, next) =>
            {
                context.Response.OnStarting(static state =>
                {
                    var response = (HttpResponse)state;
                    if (response.Headers.ContainsKey(HeaderNames.ContentEncoding)
                        && EntityTagHeaderValue.TryParse(response.Headers.ETag.ToString(), out var etag) && !etag.IsWeak)
                    {
                        response.Headers.ETag = new EntityTagHeaderValue(etag.Tag, isWeak: true).ToString();
                    }
                    return Task.CompletedTask;
                }, context.Response);
                return next(context);
            })
            .UseResponseCompression());
}
