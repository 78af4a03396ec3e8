using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nojor.Web.Api;
using Nojor.Web.Pages.Desk.Reports;

namespace Nojor.Web.Pages.Desk;

/// <summary>Feedback of the chosen kinds received between two dates, downloaded as the feedback service writes it (CSV or JSON).</summary>
public sealed class ExportModel(DeskFeedbackApi feedback, TimeProvider clock) : DeskPage
{
    public const string DateFormat = "yyyy-MM-dd";

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string[] Kind { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string Format { get; set; } = "csv";

    public void OnGet()
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        From ??= today.AddDays(-30).ToString(DateFormat, CultureInfo.InvariantCulture);
        To ??= today.ToString(DateFormat, CultureInfo.InvariantCulture);
        if (Kind.Length == 0)
        {
            Kind = [.. DeskFeedbackApi.ExportKinds];
        }
    }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken cancellationToken)
    {
        if (!TryDate(From, out var from))
        {
            FieldErrors["from"] = "Give the first day as a date.";
        }
        if (!TryDate(To, out var to))
        {
            FieldErrors["to"] = "Give the last day as a date.";
        }
        if (Format is not ("csv" or "json"))
        {
            FieldErrors["format"] = "Choose CSV or JSON.";
        }
        var kinds = Kind.Where(DeskFeedbackApi.ExportKinds.Contains).ToList();
        if (kinds.Count == 0)
        {
            FieldErrors["kind"] = "Choose at least one kind of feedback.";
        }
        if (FieldErrors.Count == 0 && from > to)
        {
            FieldErrors["to"] = "The last day cannot come before the first.";
        }
        if (FieldErrors.Count > 0)
        {
            ErrorMessage = "The export could not be made: correct what is marked below.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // The last day is included: the service's "to" is exclusive, so it is the start of the next day.
        var export = await feedback.ExportAsync(Format, from, to!.Value.AddDays(1), kinds, cancellationToken);
        if (export.Problem is { } problem)
        {
            Show(problem);
            return Page();
        }
        var (content, contentType) = export.Value;
        return File(content, contentType, $"nojor-feedback-{From}-to-{To}.{Format}");
    }

    private static bool TryDate(string? value, out DateTimeOffset? date)
    {
        date = null;
        if (DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var parsed))
        {
            date = new DateTimeOffset(parsed, TimeSpan.Zero);
            return true;
        }
        return false;
    }
}
