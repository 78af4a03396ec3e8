using System.Globalization;
using Nojor.Web.Api;
using Nojor.Web.Subscriptions;

namespace Nojor.Web.Pages.Alerts.Email;

/// <summary>
/// The "e-mail alerts" form as the reader filled it in, kept as typed so a refusal shows it again beside its messages.
/// <see cref="Check"/> turns it into the service's request; the service checks everything again.
/// </summary>
public sealed class EmailAlertForm
{
    public const int MaxAddressLength = 254;
    public const int MaxPlacesText = 4000;

    /// <summary>Field names, which are also the ids of the inputs the error summary links to.</summary>
    public static class Fields
    {
        public const string Address = "address";
        public const string Sections = "sections";
        public const string Places = "places";
        public const string TimeZone = "time-zone";
        public const string QuietStart = "quiet-start";
        public const string QuietEnd = "quiet-end";
        public const string Frequency = "frequency";
        public const string General = "";
    }

    public string? Address { get; set; }

    public List<string> Sections { get; set; } = [];

    /// <summary>One place a line: <c>Country</c>, <c>Country/Region</c> or <c>Country/Region/District</c>.</summary>
    public string? Places { get; set; }

    public bool BreakingOnly { get; set; }

    /// <summary><c>immediate</c>, <c>hourly</c> or <c>daily</c>.</summary>
    public string? Frequency { get; set; }

    public static readonly IReadOnlyList<string> Frequencies = ["immediate", "hourly", "daily"];

    public string? TimeZone { get; set; }

    public string? QuietStart { get; set; }

    public string? QuietEnd { get; set; }

    public EmailSubscriptionRequest? Check(FormErrors errors, IReadOnlyCollection<string> knownSections)
    {
        var address = Address?.Trim() ?? "";
        if (address.Length == 0)
        {
            errors.Add(Fields.Address, "Enter the e-mail address your alerts should go to.");
        }
        else if (address.Length > MaxAddressLength || address.IndexOf('@', StringComparison.Ordinal) is < 1 || address.EndsWith('@'))
        {
            errors.Add(Fields.Address, "Enter an e-mail address such as reader@example.org.");
        }

        var sections = Sections.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (sections.Any(s => !knownSections.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(Fields.Sections, "Choose sections from the list.");
        }

        var places = new List<PlaceFilter>();
        var lines = (Places ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Places?.Length > MaxPlacesText || lines.Length > 100)
        {
            errors.Add(Fields.Places, "At most 100 places.");
        }
        else
        {
            foreach (var line in lines)
            {
                var parts = line.Split('/', StringSplitOptions.TrimEntries);
                if (parts.Length > 3 || parts.Any(p => p.Length is 0 or > 200))
                {
                    errors.Add(Fields.Places, "Write each place as Country, Country/Region or Country/Region/District, one a line.");
                    break;
                }
                places.Add(new PlaceFilter(parts[0], parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2)));
            }
        }

        var frequency = string.IsNullOrEmpty(Frequency) ? "immediate" : Frequency;
        if (!Frequencies.Contains(frequency))
        {
            errors.Add(Fields.Frequency, "Choose how often from the list.");
        }

        var quietHours = CheckQuietHours(errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var filters = new SubscriptionFilters(sections, null, places, null, null, BreakingOnly, null);
        return new EmailSubscriptionRequest(address, filters, quietHours, frequency);
    }

    private QuietHoursSettings? CheckQuietHours(FormErrors errors)
    {
        var zone = TimeZone?.Trim() ?? "";
        var start = Time(QuietStart);
        var end = Time(QuietEnd);
        if (zone.Length == 0 && string.IsNullOrWhiteSpace(QuietStart) && string.IsNullOrWhiteSpace(QuietEnd))
        {
            return null;
        }
        if (zone.Length is 0 or > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add(Fields.TimeZone, "Enter a time zone by its IANA name, such as Europe/Oslo or Asia/Dushanbe.");
        }
        if (start is null)
        {
            errors.Add(Fields.QuietStart, "Enter when quiet hours start, as hours and minutes (22:00).");
        }
        if (end is null)
        {
            errors.Add(Fields.QuietEnd, "Enter when quiet hours end, as hours and minutes (07:00).");
        }
        else if (start == end)
        {
            errors.Add(Fields.QuietEnd, "Quiet hours must end at another time than they start.");
        }
        return errors.Count == 0 ? new QuietHoursSettings(zone, start!.Value, end!.Value) : null;
    }

    private static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>The service's names of the fields it refuses, mapped to this form's fields.</summary>
    public static string FieldOf(string serviceField) => serviceField.ToLowerInvariant() switch
    {
        "address" => Fields.Address,
        "frequency" => Fields.Frequency,
        "filters.sections" => Fields.Sections,
        "filters.places" => Fields.Places,
        "quiethours.timezone" => Fields.TimeZone,
        "quiethours" or "quiethours.start" => Fields.QuietStart,
        "quiethours.end" => Fields.QuietEnd,
        _ => Fields.General,
    };
}
