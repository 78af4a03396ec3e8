using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Pages.Desk.Reports;

namespace Nojor.Web.Pages.Desk;

/// <summary>Comments the filter held, oldest first: an editor publishes (approves) or rejects each.</summary>
public sealed class CommentsModel(DeskFeedbackApi feedback) : DeskPage
{
    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public IReadOnlyList<HeldComment> Held { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) => ModerateAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken) => ModerateAsync(id, false, cancellationToken);

    private async Task<IActionResult> ModerateAsync(Guid id, bool approve, CancellationToken cancellationToken)
    {
        var result = await feedback.ModerateAsync(id, approve, cancellationToken);
        if (result.Problem is { } problem)
        {
            Show(problem);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/desk/comments?done={(approve ? "approved" : "rejected")}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var queue = await feedback.HeldCommentsAsync(cancellationToken);
        if (queue.Problem is { } problem)
        {
            Show(problem);
            return;
        }
        Held = queue.Value?.Items ?? [];
    }
}
