using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Pages.Desk.Reports;

namespace Nojor.Web.Pages.Desk.Feedback;

/// <summary>
/// Beta feedback as a triage queue: new → triaged → planned → done | declined, each move with an optional public reply
/// that readers see on the beta board. Read through the editors' export, the one read of every item whatever its kind or
/// status (the public board shows only ideas, and holds back those the comment filter would hold).
/// </summary>
public sealed class IndexModel(DeskFeedbackApi feedback, TimeProvider clock) : DeskPage
{
    /// <summary>How far back the queue looks; older items are in the export.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    [BindProperty(SupportsGet = true)]
    public string Status { get; set; } = "new";

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public IReadOnlyList<FeedbackRow> Items { get; private set; } = [];

    /// <summary>The moves the workflow allows from a status, as the feedback service checks them.</summary>
    public static IReadOnlyList<string> NextStatuses(string? status) => status switch
    {
        "new" => ["triaged"],
        "triaged" => ["planned", "declined"],
        "planned" => ["done", "declined"],
        _ => [],
    };

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostTriageAsync(Guid id, string? to, string? publicReply, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(to) || !TriageStatuses.IsKnown(to))
        {
            ErrorMessage = "Choose what the feedback becomes.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }
        var moved = await feedback.TriageAsync(id, to, publicReply, cancellationToken);
        if (moved.Problem is { } problem)
        {
            Show(problem);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/desk/feedback?status={Uri.EscapeDataString(Status)}&kind={Uri.EscapeDataString(Kind ?? "")}&done={Uri.EscapeDataString(to)}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var kinds = DeskFeedbackApi.BetaKinds.Contains(Kind) ? [Kind!] : DeskFeedbackApi.BetaKinds;
        var read = await feedback.ReadAsync(clock.GetUtcNow() - Window, null, kinds, cancellationToken);
        if (read.Problem is { } problem)
        {
            Show(problem);
            return;
        }
        Items = [.. (read.Value?.Items ?? []).Where(i => Status == "all" || i.Status == Status).OrderByDescending(i => i.CreatedAt)];
    }
}
