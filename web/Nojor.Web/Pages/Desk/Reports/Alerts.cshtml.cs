using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>The report page's alert delivery panel alone, which <c>/js/desk.js</c> fetches to keep the counts current.</summary>
public sealed class AlertsModel(DeskArticleApi articles, DeskNotificationApi notifications) : PageModel
{
    public AlertDeliveryPanel Panel { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var loaded = await articles.GetAsync(id, cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return StatusCode(problem.Status);
        }
        if (loaded.Value is not { } report || await AlertDeliveryPanel.LoadAsync(notifications, report.Value, cancellationToken) is not { } panel)
        {
            return NotFound();
        }
        Panel = panel;
        return Page();
    }
}
