using System.Globalization;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Desk.Reports;

/// <summary>
/// The fields of the file/edit form as posted. Tags are comma-separated and places one a line ("Country / Region /
/// District"), so the form works without JavaScript; the article service validates everything else and its problems are
/// shown beside the fields.
/// </summary>
public sealed class ReportForm
{
    public const string TimeFormat = "yyyy-MM-ddTHH:mm";

    public string? Headline { get; set; }

    public string? Summary { get; set; }

    public string? Body { get; set; }

    public string? Section { get; set; }

    public string? Tags { get; set; }

    public string? Places { get; set; }

    public string? Dateline { get; set; }

    public string? Byline { get; set; }

    public string? Language { get; set; } = "en";

    public int? Urgency { get; set; } = 5;

    public bool Breaking { get; set; }

    public string? Story { get; set; }

    /// <summary>The embargo as a <c>datetime-local</c> value, read as UTC.</summary>
    public string? EmbargoUntil { get; set; }

    public static ReportForm From(DeskArticle article) => new()
    {
        Headline = article.Headline,
        Summary = article.Summary,
        Body = article.Body,
        Section = article.Section,
        Tags = string.Join(", ", article.Tags),
        Places = string.Join('\n', article.Places.Select(p => string.Join(" / ", new[] { p.Country, p.Region, p.District }.OfType<string>()))),
        Dateline = article.Dateline,
        Byline = article.Byline,
        Language = article.Language,
        Urgency = article.Urgency,
        Breaking = article.Breaking,
        Story = article.Story?.Title,
        EmbargoUntil = article.EmbargoUntil is { } embargo ? FormatTime(embargo) : null,
    };

    public static string FormatTime(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A <c>datetime-local</c> value read as UTC; false when it is not one.</summary>
    public static bool TryParseTime(string? value, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        if (DateTime.TryParseExact(value.Trim(), [TimeFormat, TimeFormat + ":ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            at = new DateTimeOffset(parsed, TimeSpan.Zero);
            return true;
        }
        return false;
    }

    /// <summary>The content to send, or the form's own errors (what the service would not be able to read at all).</summary>
    public (ReportContent? Content, Dictionary<string, string> Errors) ToContent()
    {
        var errors = new Dictionary<string, string>();
        if (!TryParseTime(EmbargoUntil, out var embargo))
        {
            errors["embargoUntil"] = "Give the embargo as a date and time.";
        }
        var places = new List<PlaceInput>();
        foreach (var line in (Places ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('/', StringSplitOptions.TrimEntries);
            if (parts.Length > 3)
            {
                errors["places"] = "A place is at most Country / Region / District.";
                break;
            }
            places.Add(new PlaceInput(parts[0], parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null));
        }
        var tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new ReportContent(Headline, Blank(Summary), Body ?? "", Section, tags, places, Blank(Dateline), Blank(Byline), Blank(Language), Urgency,
            Breaking, embargo, Blank(Story)), errors);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
