using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Filters;
using Nojor.Web.Readers;

namespace Nojor.Web.Hosting;

/// <summary>
/// A page whose POST is authorised by a signed link rather than by anything the browser holds: RFC 8058's one-click
/// unsubscribe, which mail services send without cookies or a token, from anywhere. A forged post cannot abuse an ambient
/// credential there, and without the signature it does nothing.
/// </summary>
public interface ISignedLinkPage
{
    Task<bool> IsSignedLinkPostAsync(HttpRequest request);
}

/// <summary>
/// Anti-forgery for every form that posts to the web app.
/// <list type="bullet">
/// <item>A reader who holds a reader cookie was served private pages whose forms carry ASP.NET Core's anti-forgery
/// token; their posts must bring it back, as usual.</item>
/// <item>A reader without the cookie was served the shared, cacheable page, which cannot carry a per-reader token.
/// Such a browser has no ambient credential a forged post could abuse, so the post only has to come from this origin
/// (<c>Sec-Fetch-Site</c>/<c>Origin</c>, which browsers set and pages cannot).</item>
/// <item>Every form of the newsroom desk (under <c>/desk</c>, its sign-in included) brings the token back.</item>
/// </list>
/// </summary>
public sealed class ReaderAntiforgery(IAntiforgery antiforgery) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || (context.HandlerInstance is ISignedLinkPage page && await page.IsSignedLinkPostAsync(request)))
        {
            await next();
            return;
        }
        // The desk's session cookie is an ambient credential on every desk page: its forms always carry the token.
        var valid = ReaderSession.HasCookie(request) || request.Path.StartsWithSegments(Desk.DeskAuthentication.PathPrefix)
            ? await antiforgery.IsRequestValidAsync(context.HttpContext)
            : IsSameOrigin(request);
        if (!valid)
        {
            context.Result = new Microsoft.AspNetCore.Mvc.StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }
        await next();
    }

    public static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none";
        }
        var origin = request.Headers.Origin.ToString();
        // Browsers that send neither header are old or not browsers; forms from other sites always carry one of them.
        return origin.Length == 0 || origin == "null"
            ? origin.Length == 0
            : Uri.TryCreate(origin, UriKind.Absolute, out var uri)
              && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
