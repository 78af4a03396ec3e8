using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Articles;

/// <summary>Stand-in for the report page of the web-reading branch, so the feedback component can be tested on its own.</summary>
public sealed class ReportModel(ArticleApi articles) : PageModel
{
    public Article Article { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var found = await articles.GetAsync(slug, cancellationToken);
        if (found.Value is null)
        {
            return NotFound();
        }
        Article = found.Value;
        return Page();
    }
}
