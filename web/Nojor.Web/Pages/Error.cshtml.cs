using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages;

/// <summary>
/// The page every failure ends on: an unknown address, a refused request, a service that is down, or a fault of ours.
/// It keeps the status code and tells the reader what they can do; it never shows internals.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public int Status { get; private set; }

    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    /// <summary>Whether the refused address was the newsroom desk's, which has its own sign-in to point to.</summary>
    public bool Desk { get; private set; }

    /// <summary>Where to come back to after signing in to the desk.</summary>
    public string? ReturnUrl { get; private set; }

    public IActionResult OnGet(int? code) => Render(code);

    // Re-executed POSTs (a refused form) arrive here with their own method.
    public IActionResult OnPost(int? code) => Render(code);

    private PageResult Render(int? code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Desk = reExecuted?.OriginalPath is { } original && new PathString(original).StartsWithSegments(Nojor.Web.Desk.DeskAuthentication.PathPrefix);
        ReturnUrl = Desk ? reExecuted!.OriginalPath + reExecuted.OriginalQueryString : null;
        Status = failure switch
        {
            ServiceUnavailableException => StatusCodes.Status503ServiceUnavailable,
            BadHttpRequestException bad => bad.StatusCode,
            not null => StatusCodes.Status500InternalServerError,
            null => code is >= 400 and < 600 ? code.Value : StatusCodes.Status404NotFound,
        };
        if (failure is ServiceUnavailableException unavailable)
        {
            logger.LogWarning(unavailable, "A page could not be rendered: {Service} did not answer", unavailable.Service);
        }
        (Heading, Explanation) = Status switch
        {
            401 => ("Sign in to use the newsroom desk", "This page is for Nojor's editors. Sign in with an editor account to open it."),
            403 when Desk => ("The newsroom desk is for editors", "You are signed in, but your account does not have the editor or admin role."),
            403 => ("You cannot open this page", "This browser is not allowed to see or change what is at this address."),
            404 => ("Page not found", "There is no page at this address. It may have moved, or the link may be mistyped."),
            400 => ("We could not read that request", "Something in the address or the form was not in a shape we understand."),
            405 => ("That action is not available here", "This page cannot be used that way."),
            413 => ("That was too long", "What you sent is longer than we accept. Shorten it and try again."),
            429 => ("Too many requests", "You have sent a lot of requests in a short time. Wait a minute and try again."),
            503 => ("This part of Nojor is temporarily unavailable", "We could not reach the service behind this page. Try again in a moment."),
            _ => ("Something went wrong on our side", "The page could not be shown. Try again in a moment."),
        };
        Response.StatusCode = Status;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
