using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nojor.Web.Api;
using Nojor.Web.Hosting;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>
/// One report: edit, preview, publish now, schedule, correct, retract. Every change sends the ETag of the version the
/// editor opened as <c>If-Match</c>; when someone saved first (412), the page shows both versions and lets the editor
/// choose, so nothing is overwritten without them seeing it.
/// </summary>
public sealed class EditModel(DeskArticleApi articles, DeskNotificationApi notifications, IOptions<WebOptions> web, TimeProvider clock) : DeskPage
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public ReportForm Form { get; set; } = new();

    /// <summary>The ETag of the version the editor is working from.</summary>
    [BindProperty]
    public string? ETag { get; set; }

    [BindProperty]
    public string? PublishAt { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? CorrectedBody { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public IReadOnlyList<string> Sections => web.Value.Sections;

    public DeskArticle Report { get; private set; } = null!;

    public Article? Preview { get; private set; }

    /// <summary>How the report's alerts went out; null before it is published, and for routine news that raised none.</summary>
    public AlertDeliveryPanel? AlertDelivery { get; private set; }

    /// <summary>The version someone else saved while this editor was editing; set when their save was refused with 412.</summary>
    public Versioned<DeskArticle>? Theirs { get; private set; }

    public string DefaultPublishAt => ReportForm.FormatTime(clock.GetUtcNow().AddHours(1));

    public string? DoneMessage => Done switch
    {
        "filed" => "The draft is filed. Nothing is public until you publish or schedule it.",
        "saved" => $"Saved as version {Report.Version}.",
        "published" => "Published: readers can see the report now.",
        "scheduled" => Report.PublishAt is { } at ? $"Scheduled: it will be published at {ReportForm.FormatTime(at).Replace('T', ' ')} UTC." : "Scheduled.",
        "corrected" => "Corrected: readers see the report with your note.",
        "retracted" => "Retracted: the report stays readable, marked with your reason.",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } missing)
        {
            return missing;
        }
        Form = ReportForm.From(Report);
        AlertDelivery = await AlertDeliveryPanel.LoadAsync(notifications, Report, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken, keepETag: true) is { } missing)
        {
            return missing;
        }
        var (content, errors) = Form.ToContent();
        if (content is null)
        {
            Show(errors);
            return Page();
        }
        var saved = await articles.SaveAsync(Id, content, ETag ?? "", cancellationToken);
        return await AfterChangeAsync(saved, "saved", cancellationToken, showTheirs: true);
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken, keepETag: true) is { } missing)
        {
            return missing;
        }
        var preview = await articles.PreviewAsync(Form.Body, cancellationToken);
        if (preview.Problem is { } problem)
        {
            Show(problem);
            return Page();
        }
        Preview = PreviewArticle.Of(Form, preview.Value!.BodyHtml, Report);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken) =>
        await ActAsync(etag => articles.PublishAsync(Id, etag, cancellationToken), "published", cancellationToken);

    public async Task<IActionResult> OnPostScheduleAsync(CancellationToken cancellationToken)
    {
        if (!ReportForm.TryParseTime(PublishAt, out var at) || at is null)
        {
            return await RefuseAsync("publishAt", "Give the publication time as a date and time.", cancellationToken);
        }
        return await ActAsync(etag => articles.ScheduleAsync(Id, at.Value, etag, cancellationToken), "scheduled", cancellationToken);
    }

    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Note))
        {
            return await RefuseAsync("note", "A correction needs the public note readers will see.", cancellationToken);
        }
        var body = string.IsNullOrWhiteSpace(CorrectedBody) ? null : CorrectedBody;
        return await ActAsync(etag => articles.CorrectAsync(Id, Note.Trim(), body, etag, cancellationToken), "corrected", cancellationToken);
    }

    public async Task<IActionResult> OnPostRetractAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Reason))
        {
            return await RefuseAsync("reason", "A retraction needs the reason readers will see.", cancellationToken);
        }
        return await ActAsync(etag => articles.RetractAsync(Id, Reason.Trim(), etag, cancellationToken), "retracted", cancellationToken);
    }

    private async Task<IActionResult> ActAsync(Func<string, Task<ApiResult<Versioned<DeskArticle>>>> act, string done,
        CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken, keepETag: true) is { } missing)
        {
            return missing;
        }
        Form = ReportForm.From(Report);
        return await AfterChangeAsync(await act(ETag ?? ""), done, cancellationToken, showTheirs: false);
    }

    private async Task<IActionResult> AfterChangeAsync(ApiResult<Versioned<DeskArticle>> result, string done, CancellationToken cancellationToken,
        bool showTheirs)
    {
        if (result.Problem is not { } problem)
        {
            return Redirect($"/desk/reports/{Id}?done={done}");
        }
        if (problem.Status == StatusCodes.Status412PreconditionFailed)
        {
            var current = await articles.GetAsync(Id, cancellationToken);
            if (current.Value is { } theirs)
            {
                if (showTheirs)
                {
                    Theirs = theirs;
                }
                else
                {
                    // Nothing was sent on top of their change: the page now shows the current version to act on again.
                    Report = theirs.Value;
                    ETag = theirs.ETag;
                    Form = ReportForm.From(Report);
                    ErrorMessage = $"Someone else changed the report (now version {Report.Version}) after you opened it, so nothing was done. " +
                        "Here is the current version: check it and try again.";
                }
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }
        }
        Show(problem);
        return Page();
    }

    private async Task<IActionResult> RefuseAsync(string field, string message, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken, keepETag: true) is { } missing)
        {
            return missing;
        }
        Form = ReportForm.From(Report);
        Show(new Dictionary<string, string> { [field] = message });
        ErrorMessage = message;
        return Page();
    }

    /// <summary>Loads the report; a result when there is nothing to show (an unknown id is the 404 page).</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken, bool keepETag = false)
    {
        var loaded = await articles.GetAsync(Id, cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return StatusCode(problem.Status);
        }
        if (loaded.Value is not { } report)
        {
            return NotFound();
        }
        Report = report.Value;
        if (!keepETag || string.IsNullOrEmpty(ETag))
        {
            ETag = report.ETag;
        }
        return null;
    }
}
