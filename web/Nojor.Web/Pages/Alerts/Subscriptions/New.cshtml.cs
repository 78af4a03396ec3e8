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
public sealed class NewSubscriptionModel(SubscriptionApi subscriptions, ArticleApi articles, IOptions<WebOptions> options)
    : SubscriptionFormPage(articles, options)
{
    public const string SecretKey = "alerts.secret";

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
        if (await CheckAsync(cancellationToken) is not { } request)
        {
            return Refused();
        }
        var created = await subscriptions.CreateAsync(request, cancellationToken);
        if (!created.Succeeded)
        {
            Explain(created.Problem!, "The webhook could not be registered");
            return Refused(created.Problem);
        }
        var subscription = created.Value!;
        ManagementCookies.Keep(HttpContext, subscription.Id, subscription.ManagementToken);
        TempData[SecretKey] = subscription.Secret;
        Confirm("Your webhook is registered. Nojor has sent your endpoint a verification request: alerts follow once it answers.");
        return new SeeOther($"/alerts/subscriptions/{subscription.Id}");
    }
}
