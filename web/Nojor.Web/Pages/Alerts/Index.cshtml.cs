using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Hosting;

namespace Nojor.Web.Pages.Alerts;

/// <summary>
/// The way into alerts: live alerts in the browser (the header switch, narrowed here to sections or places; both kept in
/// the browser's storage by <c>alerts.js</c>), webhook subscriptions and the feeds. The page is the same for every
/// reader; without JavaScript it offers the webhooks and feeds instead of live alerts.
/// </summary>
public sealed class AlertsModel(IOptions<WebOptions> options) : PageModel
{
    public IReadOnlyList<string> Sections => options.Value.Sections;

    public void OnGet()
    {
    }
}
