using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Desk;

/// <summary>
/// What arrived since a moment: new beta feedback, held comments and correction requests, for the desk's live list
/// (<c>/js/desk.js</c> polls it). Read from the editors' export, which covers every kind with its time of arrival.
/// </summary>
public sealed class LiveModel(DeskFeedbackApi feedback, TimeProvider clock) : PageModel
{
    /// <summary>The furthest back a poll may ask: an open desk asks every few seconds.</summary>
    public static readonly TimeSpan MaxLookBack = TimeSpan.FromHours(1);

    public sealed record LiveItem(Guid Id, string Kind, string Text, DateTimeOffset At, string Href);

    public async Task<IActionResult> OnGetAsync(string? since, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var asked)
            ? asked
            : now;
        if (from < now - MaxLookBack)
        {
            from = now - MaxLookBack;
        }
        var read = await feedback.ReadAsync(from, null, DeskFeedbackApi.ExportKinds, cancellationToken);
        if (read.Problem is { } problem)
        {
            return StatusCode(problem.Status);
        }
        var items = (read.Value?.Items ?? [])
            .Where(i => i.Kind != "comment" || i.Status == "held")
            .Select(i => new LiveItem(i.Id, i.Kind == "comment" ? "held comment" : i.Kind == "correction" ? "correction request" : i.Kind, i.Text,
                i.CreatedAt, i.Kind switch
                {
                    "comment" => "/desk/comments",
                    "correction" => "/desk/corrections",
                    _ => "/desk/feedback?status=all",
                }))
            .ToList();
        return new JsonResult(new { now, items });
    }
}
