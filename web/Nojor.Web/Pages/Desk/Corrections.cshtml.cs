using Nojor.Web.Api;
using Nojor.Web.Desk;
using Nojor.Web.Pages.Desk.Reports;

namespace Nojor.Web.Pages.Desk;

/// <summary>Readers' correction requests, grouped by report, with the passages they quoted marked in the report's text.</summary>
public sealed class CorrectionsModel(DeskFeedbackApi feedback, DeskArticleApi articles) : DeskPage
{
    /// <summary>Reports shown at once: each needs its own read of the report.</summary>
    public const int MaxReports = 20;

    public sealed record ReportRequests(Guid ArticleId, DeskArticle? Report, IReadOnlyList<CorrectionRequest> Requests,
        IReadOnlyList<IReadOnlyList<TextRun>> Text);

    public IReadOnlyList<ReportRequests> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var requests = await feedback.CorrectionRequestsAsync(cancellationToken);
        if (requests.Problem is { } problem)
        {
            Show(problem);
            return;
        }
        var groups = new List<ReportRequests>();
        // Newest request first, so the report most recently asked about leads.
        foreach (var group in (requests.Value?.Items ?? []).GroupBy(r => r.ArticleId).Take(MaxReports))
        {
            var report = (await articles.GetAsync(group.Key, cancellationToken)).Value?.Value;
            var text = report is null ? [] : PassageHighlighter.Highlight(report.Body, group.Select(r => r.QuotedPassage));
            groups.Add(new ReportRequests(group.Key, report, [.. group], text));
        }
        Groups = groups;
    }
}
