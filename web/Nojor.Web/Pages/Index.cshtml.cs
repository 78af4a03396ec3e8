using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages;

/// <summary>The front page: a banner for a live breaking report, then the latest reports, newest first.</summary>
public sealed class IndexModel(ArticleApi articles) : PageModel
{
    private const int PageSize = 20;

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public ArticleSummary? Breaking { get; private set; }

    public ArticleList Latest { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var latest = await articles.ListAsync(new ArticleQuery(PageSize, Cursor), cancellationToken);
        if (!latest.Succeeded)
        {
            // A cursor that is not one of ours: the service refuses it, the reader gets the error page with its status.
            return StatusCode(latest.Problem!.Status);
        }
        Latest = latest.Value ?? Latest;
        if (Cursor is null)
        {
            var breaking = await articles.ListAsync(new ArticleQuery(1, Breaking: true), cancellationToken);
            Breaking = breaking.Value?.Items.FirstOrDefault();
        }
        return Page();
    }
}
