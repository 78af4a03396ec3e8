using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Shared;

// Not "Pages.Sections": a namespace of that name would hide the Sections helper from every page.
namespace Nojor.Web.Pages.SectionPages;

/// <summary>A section's reports, newest first. Only the sections the article service files under exist.</summary>
[PublicPage]
public sealed class SectionModel(ArticleApi articles, IOptions<WebOptions> options) : ArticleListPageModel
{
    public string Section { get; private set; } = "";

    public override string ListPath => "/sections/" + Section;

    public async Task<IActionResult> OnGetAsync(string section, CancellationToken cancellationToken)
    {
        var known = options.Value.Sections.FirstOrDefault(s => string.Equals(s, section, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            return NotFound();
        }
        Section = known;
        return await LoadReportsAsync(articles, new ArticleQuery(Section: known), cancellationToken) ?? Page();
    }
}
