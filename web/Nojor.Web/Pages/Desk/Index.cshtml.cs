using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;

namespace Nojor.Web.Pages.Desk;

/// <summary>Reports in every state, most recently changed first, narrowed by status, section and headline text.</summary>
public sealed class IndexModel(DeskArticleApi articles, IOptions<WebOptions> web) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> Statuses =
    [
        ("all", "All"), ("draft", "Drafts"), ("scheduled", "Scheduled"), ("embargoed", "Embargoed"), ("published", "Published"),
        ("retracted", "Retracted"),
    ];

    [BindProperty(SupportsGet = true)]
    public string Status { get; set; } = "all";

    [BindProperty(SupportsGet = true)]
    public string? Section { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Offset { get; set; }

    public IReadOnlyList<string> Sections => web.Value.Sections;

    public QueuedArticleList List { get; private set; } = new([], null);

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Statuses.Any(s => s.Value == Status))
        {
            Status = "all";
        }
        var result = await articles.ListAsync(Status, Section, Q, Math.Max(0, Offset), cancellationToken);
        if (result.Problem is { } problem)
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
            return;
        }
        List = result.Value ?? new([], null);
    }

    public string PageLink(int offset) =>
        $"/desk?status={Uri.EscapeDataString(Status)}&section={Uri.EscapeDataString(Section ?? "")}&q={Uri.EscapeDataString(Q ?? "")}&offset={offset}";
}
