using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Alerts.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Email;

/// <summary>
/// The unsubscribe link of every alert, and the target of its RFC 8058 one-click POST (<c>List-Unsubscribe=One-Click</c>),
/// which mail services send without cookies or an anti-forgery token: the signed token in the address is the whole
/// authority, so that POST is exempt from the form rules (<see cref="ISignedLinkPage"/>). A reader who opens the link gets
/// a button that posts the same address with the usual anti-forgery rules. Either way the next alert is not sent.
/// </summary>
public sealed class UnsubscribeEmailModel(EmailAlertApi email) : SubscriptionPage, ISignedLinkPage
{
    public const string OneClickField = "List-Unsubscribe";
    public const string OneClickValue = "One-Click";

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public bool Unsubscribed { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task<bool> IsSignedLinkPostAsync(HttpRequest request) =>
        request.HasFormContentType
        && (await request.ReadFormAsync()).TryGetValue(OneClickField, out var value) && value == OneClickValue
        && !string.IsNullOrWhiteSpace(request.Query["token"]);

    public IActionResult OnGet() => string.IsNullOrWhiteSpace(Token) ? Missing() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            return Missing();
        }
        var result = await email.UnsubscribeAsync(Token, cancellationToken);
        if (!result.Succeeded)
        {
            Problem = result.Problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Unsubscribed = true;
        return Page();
    }

    private PageResult Missing()
    {
        Problem = new ApiProblem(StatusCodes.Status400BadRequest, "Bad Request",
            "This address lacks the code from the e-mail. Open the unsubscribe link in an alert as it is.", null);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
