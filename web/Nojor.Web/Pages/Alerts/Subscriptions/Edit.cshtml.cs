using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Subscriptions;

/// <summary>
/// Changes a webhook's address, filters and quiet hours. The service verifies a new address before it sends it any
/// alert, so the page says so when the address changed. Like the subscription's own page, only the browser holding
/// its management token may use it.
/// </summary>
public sealed class EditSubscriptionModel(SubscriptionApi subscriptions, ArticleApi articles, IOptions<WebOptions> options)
    : SubscriptionFormPage(articles, options)
{
    public Guid Id { get; private set; }

    /// <summary>Why the page shows no form: 403 (not managed by this browser) or 404 (unknown); 0 when it does.</summary>
    public int Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Id = id;
        if (ManagementCookies.TokenFor(Request, id) is not { } token)
        {
            return Refuse(StatusCodes.Status403Forbidden);
        }
        var found = await subscriptions.GetAsync(id, token, cancellationToken);
        if (!found.Succeeded)
        {
            return StatusCode(found.Problem!.Status);
        }
        if (found.Value is null)
        {
            ManagementCookies.Forget(HttpContext, id);
            return Refuse(StatusCodes.Status404NotFound);
        }
        Form = SubscriptionForm.From(found.Value);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        Id = id;
        if (ManagementCookies.TokenFor(Request, id) is not { } token)
        {
            return Refuse(StatusCodes.Status403Forbidden);
        }
        if (await CheckAsync(cancellationToken) is not { } request)
        {
            return Refused();
        }
        var before = await subscriptions.GetAsync(id, token, cancellationToken);
        var saved = await subscriptions.UpdateAsync(id, token, request, cancellationToken);
        if (saved.Problem is { Status: StatusCodes.Status404NotFound })
        {
            ManagementCookies.Forget(HttpContext, id);
            return Refuse(StatusCodes.Status404NotFound);
        }
        if (!saved.Succeeded)
        {
            Explain(saved.Problem!, "The changes could not be saved");
            return Refused(saved.Problem);
        }
        var addressChanged = before.Value is { } old && !string.Equals(old.Url, saved.Value!.Url, StringComparison.Ordinal);
        Confirm(addressChanged
            ? "Your changes are saved. Nojor has sent the new address a verification request: alerts go there once it answers."
            : "Your changes are saved.");
        return new SeeOther($"/alerts/subscriptions/{id}");
    }

    private PageResult Refuse(int status)
    {
        Refusal = status;
        Response.StatusCode = status;
        return Page();
    }
}
