using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Pages.Alerts.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Email;

/// <summary>
/// Where the confirmation e-mail's link leads. Opening it asks for one click: mail scanners that fetch every link must not
/// confirm an address on their own, so confirming is a POST (with the anti-forgery rules of every form). A forged, damaged
/// or expired link gives a readable page with 400, a subscription that is gone one with 404.
/// </summary>
public sealed class ConfirmEmailModel(EmailAlertApi email) : SubscriptionPage
{
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public EmailSubscriptionConfirmed? Confirmed { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public IActionResult OnGet() => string.IsNullOrWhiteSpace(Token) ? Missing() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            return Missing();
        }
        var result = await email.ConfirmAsync(Token, cancellationToken);
        if (!result.Succeeded)
        {
            Problem = result.Problem;
            Response.StatusCode = Problem!.Status is StatusCodes.Status404NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            return Page();
        }
        Confirmed = result.Value;
        return Page();
    }

    private PageResult Missing()
    {
        Problem = new ApiProblem(StatusCodes.Status400BadRequest, "Bad Request",
            "This address lacks the code from the e-mail. Open the link in the confirmation e-mail as it is.", null);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
