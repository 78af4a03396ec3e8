using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Subscriptions;

/// <summary>
/// Registers a webhook. On success the browser keeps the management token (<see cref="ManagementCookies"/>) and is sent
/// to the subscription's page, which shows the signing secret this once; a refusal shows the form again as it was
/// filled in, with each message beside its field.
/// </summary>
public sealed class NewSubscriptionModel(SubscriptionApi subscriptions, ArticleApi articles, IOptions<WebOptions> options) : SubscriptionPage
{
    public const string SecretKey = "alerts.secret";

    [BindProperty]
    public SubscriptionForm Form { get; set; } = new();

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<string> Sections => options.Value.Sections;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ManagementCookies.Ids(Request).Count >= ManagementCookies.MaxPerBrowser)
        {
            Errors.Add(SubscriptionForm.Fields.General,
                $"This browser already manages {ManagementCookies.MaxPerBrowser} webhooks, as many as it can keep. Delete one you no longer need first.");
            return Refused();
        }
        var stories = await StoryReferences.ResolveAsync(Form, Errors, articles, cancellationToken);
        var request = Form.Check(stories, Errors, options.Value.Sections);
        if (request is null)
        {
            return Refused();
        }
        var created = await subscriptions.CreateAsync(request, cancellationToken);
        if (!created.Succeeded)
        {
            Explain(created.Problem!);
            return Refused(created.Problem);
        }
        var subscription = created.Value!;
        ManagementCookies.Keep(HttpContext, subscription.Id, subscription.ManagementToken);
        TempData[SecretKey] = subscription.Secret;
        Confirm("Your webhook is registered.");
        return new SeeOther($"/alerts/subscriptions/{subscription.Id}");
    }

    private void Explain(ApiProblem problem)
    {
        if (problem.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                Errors.Add(SubscriptionForm.FieldOf(field), messages.FirstOrDefault() ?? problem.Message);
            }
            return;
        }
        Errors.Add(SubscriptionForm.Fields.General, problem.Status == StatusCodes.Status429TooManyRequests
            ? "Too many requests from you in the last minute. Wait a minute and send the form again."
            : $"The webhook could not be registered: {problem.Message}");
    }

    /// <summary>The form again, as filled in, with its messages; 429 when the service asked us to slow down.</summary>
    private PageResult Refused(ApiProblem? problem = null)
    {
        Response.StatusCode = problem?.Status == StatusCodes.Status429TooManyRequests
            ? StatusCodes.Status429TooManyRequests
            : StatusCodes.Status400BadRequest;
        return Page();
    }
}
