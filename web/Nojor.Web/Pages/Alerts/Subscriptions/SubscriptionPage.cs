using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nojor.Web.Pages.Alerts.Subscriptions;

/// <summary>
/// What the subscription pages share: they are per browser (they read its management cookies) and may show a signing
/// secret, so no cache anywhere keeps them; and the one-time messages they pass across a POST-redirect-GET.
/// </summary>
public abstract class SubscriptionPage : PageModel
{
    public const string MessageKey = "alerts.message";
    public const string ErrorKey = "alerts.error";

    /// <summary>A confirmation carried to the page the POST redirects to.</summary>
    public string? Message { get; private set; }

    /// <summary>A refusal carried to the page the POST redirects to.</summary>
    public string? Error { get; protected set; }

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        Response.Headers.CacheControl = "no-store";
        Message = TempData[MessageKey] as string;
        Error = TempData[ErrorKey] as string;
    }

    protected void Confirm(string message) => TempData[MessageKey] = message;

    protected void Refuse(string message) => TempData[ErrorKey] = message;
}
