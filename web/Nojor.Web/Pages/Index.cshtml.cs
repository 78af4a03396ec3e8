using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;

namespace Nojor.Web.Pages;

/// <summary>
/// The front page: a banner for a live breaking report, the latest reports, newest first, and each section's latest
/// reports beyond those.
/// </summary>
[PublicPage]
public sealed class IndexModel(ArticleApi articles, IOptions<WebOptions> options) : PageModel
{
    private const int PageSize = 20;
    private const int PerSection = 3;

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public ArticleSummary? Breaking { get; private set; }

    public ArticleList Latest { get; private set; } = new([], null);

    /// <summary>Each section with its latest reports not already among <see cref="Latest"/> (first page only; sections without any left out).</summary>
    public IReadOnlyList<(string Section, IReadOnlyList<ArticleSummary> Reports)> SectionReports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var latestCall = articles.ListAsync(new ArticleQuery(PageSize, Cursor), cancellationToken);
        if (Cursor is not null)
        {
            var page = await latestCall;
            // A cursor that is not one of ours: the service refuses it, the reader gets the error page with its status.
            return page.Succeeded ? Shown(page.Value) : StatusCode(page.Problem!.Status);
        }

        // The first page asks for everything at once: the service answers first pages from its cache.
        var breakingCall = articles.ListAsync(new ArticleQuery(1, Breaking: true), cancellationToken);
        var sectionCalls = options.Value.Sections
            .Select(section => (Section: section, Call: articles.ListAsync(new ArticleQuery(PageSize + PerSection, Section: section), cancellationToken)))
            .ToList();
        await Task.WhenAll([latestCall, breakingCall, .. sectionCalls.Select(s => s.Call)]);

        var latest = await latestCall;
        if (!latest.Succeeded)
        {
            return StatusCode(latest.Problem!.Status);
        }
        Breaking = (await breakingCall).Value?.Items.FirstOrDefault();
        var shown = (latest.Value?.Items ?? []).Select(report => report.Id).ToHashSet();
        var sections = new List<(string, IReadOnlyList<ArticleSummary>)>();
        foreach (var (section, call) in sectionCalls)
        {
            var reports = ((await call).Value?.Items ?? []).Where(report => !shown.Contains(report.Id)).Take(PerSection).ToList();
            if (reports.Count > 0)
            {
                sections.Add((section, reports));
            }
        }
        SectionReports = sections;
        return Shown(latest.Value);
    }

    private PageResult Shown(ArticleList? latest)
    {
        Latest = latest ?? Latest;
        return Page();
    }
}
