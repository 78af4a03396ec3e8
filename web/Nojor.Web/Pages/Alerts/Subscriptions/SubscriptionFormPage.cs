using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Subscriptions;

/// <summary>
/// What the pages that register and change a webhook share: the form (<c>_SubscriptionFields</c>), turning it into the
/// service's request, and showing the form again as filled in, with each refusal beside its field.
/// </summary>
public abstract class SubscriptionFormPage(ArticleApi articles, IOptions<WebOptions> options) : SubscriptionPage
{
    [BindProperty]
    public SubscriptionForm Form { get; set; } = new();

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<string> Sections => options.Value.Sections;

    /// <summary>The request the form describes, or null with the problems in <see cref="Errors"/>.</summary>
    protected async Task<SubscriptionRequest?> CheckAsync(CancellationToken cancellationToken)
    {
        var stories = await StoryReferences.ResolveAsync(Form, Errors, articles, cancellationToken);
        return Form.Check(stories, Errors, options.Value.Sections);
    }

    /// <summary>The service's refusal, beside the fields it names or above the form.</summary>
    protected void Explain(ApiProblem problem, string failed)
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
            : $"{failed}: {problem.Message}");
    }

    /// <summary>The form again, as filled in, with its messages; 429 when the service asked us to slow down.</summary>
    protected PageResult Refused(ApiProblem? problem = null)
    {
        Response.StatusCode = problem?.Status == StatusCodes.Status429TooManyRequests
            ? StatusCodes.Status429TooManyRequests
            : StatusCodes.Status400BadRequest;
        return Page();
    }
}
