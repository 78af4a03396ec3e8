using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Desk;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>Every revision of a report, and a side-by-side diff of any two of them (by default the last two).</summary>
public sealed class HistoryModel(DeskArticleApi articles) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? To { get; set; }

    public DeskArticle Report { get; private set; } = null!;

    public IReadOnlyList<Revision> Revisions { get; private set; } = [];

    public Revision? Left { get; private set; }

    public Revision? Right { get; private set; }

    public IReadOnlyList<DiffRow> Headline { get; private set; } = [];

    public IReadOnlyList<DiffRow> Summary { get; private set; } = [];

    public IReadOnlyList<DiffRow> Body { get; private set; } = [];

    public (string Caption, IReadOnlyList<DiffRow> Rows, int From, int To) DiffOf(string caption, IReadOnlyList<DiffRow> rows) =>
        (caption, rows, Left!.Version, Right!.Version);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var report = await articles.GetAsync(Id, cancellationToken);
        if (report.Value is null)
        {
            return report.Problem is { } problem ? StatusCode(problem.Status) : NotFound();
        }
        Report = report.Value.Value;
        var revisions = await articles.RevisionsAsync(Id, cancellationToken);
        Revisions = revisions.Value ?? [];
        if (Revisions.Count == 0)
        {
            return Page();
        }
        // Two revisions can share a version (a publish records one for the version it made public): the last of each wins.
        Revision? Find(int? version) => version is { } v ? Revisions.LastOrDefault(r => r.Version == v) : null;
        Right = Find(To) ?? Revisions[^1];
        Left = Find(From) ?? (Revisions.Count > 1 ? Revisions[^2] : Revisions[0]);
        Headline = TextDiff.Compare(Left.Headline, Right.Headline);
        Summary = TextDiff.Compare(Left.Summary, Right.Summary);
        Body = TextDiff.Compare(Left.Body, Right.Body);
        return Page();
    }
}
