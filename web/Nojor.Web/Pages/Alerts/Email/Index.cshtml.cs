using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Alerts.Subscriptions;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Email;

/// <summary>
/// Subscribes an address to e-mail alerts. The service mails a confirmation link and nothing else until it is opened, so
/// the page only says to check the inbox; it says the same whether or not the address was known.
/// </summary>
public sealed class EmailAlertsModel(EmailAlertApi email, IOptions<WebOptions> options) : SubscriptionPage
{
    [BindProperty]
    public EmailAlertForm Form { get; set; } = new();

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<string> Sections => options.Value.Sections;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = Form.Check(Errors, options.Value.Sections);
        if (request is null)
        {
            return Refused();
        }
        var accepted = await email.SubscribeAsync(request, cancellationToken);
        if (!accepted.Succeeded)
        {
            var problem = accepted.Problem!;
            foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
            {
                Errors.Add(EmailAlertForm.FieldOf(field), messages.FirstOrDefault() ?? problem.Message);
            }
            if (Errors.Count == 0)
            {
                Errors.Add(EmailAlertForm.Fields.General, problem.Status == StatusCodes.Status429TooManyRequests
                    ? "Too many requests from you in the last minute. Wait a minute and send the form again."
                    : $"E-mail alerts could not be set up: {problem.Message}");
            }
            return Refused(problem);
        }
        Confirm("Check your inbox: we sent a link to confirm your e-mail alerts. Nothing else is sent until you open it.");
        return new SeeOther("/alerts/email");
    }

    private PageResult Refused(ApiProblem? problem = null)
    {
        Response.StatusCode = problem?.Status == StatusCodes.Status429TooManyRequests
            ? StatusCodes.Status429TooManyRequests
            : StatusCodes.Status400BadRequest;
        return Page();
    }
}
