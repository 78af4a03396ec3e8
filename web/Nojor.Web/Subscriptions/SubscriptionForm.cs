using System.Globalization;
using Nojor.Web.Api;

namespace Nojor.Web.Subscriptions;

/// <summary>
/// The "register a webhook" form as the reader filled it in: plain strings, so whatever was typed is shown again
/// beside its message when something is refused. <see cref="Check"/> turns it into the service's request.
/// </summary>
public sealed class SubscriptionForm
{
    public const int MaxUrlLength = 2048;
    public const int MaxListText = 4000;
    public const int MaxValues = 100;
    public const int MaxValueLength = 200;
    public const int MaxStories = 20;
    public const int MaxLanguageLength = 35;
    public const int MaxTimeZoneLength = 64;

    /// <summary>Field names, which are also the ids of the inputs the error summary links to.</summary>
    public static class Fields
    {
        public const string Url = "url";
        public const string Sections = "sections";
        public const string Tags = "tags";
        public const string Places = "places";
        public const string Stories = "stories";
        public const string MinimumUrgency = "minimum-urgency";
        public const string Language = "language";
        public const string TimeZone = "time-zone";
        public const string QuietStart = "quiet-start";
        public const string QuietEnd = "quiet-end";

        /// <summary>A refusal the service gave for no field the form has.</summary>
        public const string General = "";
    }

    public string? Url { get; set; }

    public List<string> Sections { get; set; } = [];

    /// <summary>Comma-separated.</summary>
    public string? Tags { get; set; }

    /// <summary>One place a line: <c>Country</c>, <c>Country/Region</c> or <c>Country/Region/District</c>.</summary>
    public string? Places { get; set; }

    /// <summary>One story a line: its address, its slug or its id.</summary>
    public string? Stories { get; set; }

    public string? MinimumUrgency { get; set; }

    public bool BreakingOnly { get; set; }

    public string? Language { get; set; }

    public string? TimeZone { get; set; }

    public string? QuietStart { get; set; }

    public string? QuietEnd { get; set; }

    /// <summary>The form filled in with a subscription's settings, for its owner to change them.</summary>
    public static SubscriptionForm From(Subscription subscription)
    {
        var filters = subscription.Filters;
        static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
        return new SubscriptionForm
        {
            Url = subscription.Url,
            Sections = [.. filters.Sections ?? []],
            Tags = string.Join(", ", filters.Tags ?? []),
            Places = string.Join('\n', filters.Places ?? []),
            // The service keeps the stories' ids, which the form takes back as they are.
            Stories = string.Join('\n', filters.Stories ?? []),
            MinimumUrgency = filters.MinimumUrgency?.ToString(CultureInfo.InvariantCulture),
            BreakingOnly = filters.BreakingOnly == true,
            Language = filters.Language,
            TimeZone = subscription.QuietHours?.TimeZone,
            QuietStart = subscription.QuietHours is { } quiet ? Clock(quiet.Start) : null,
            QuietEnd = subscription.QuietHours is { } until ? Clock(until.End) : null,
        };
    }

    /// <summary>The stories the reader named, as typed (addresses reduced to their slug), for the page to resolve to ids.</summary>
    public IReadOnlyList<string> StoryReferences => Lines(Stories).Select(StorySlug).ToList();

    /// <summary>
    /// What the reader asked for, or the problems beside the fields. The stories are passed in already resolved
    /// (they need the article service); everything else is checked here as the service would.
    /// </summary>
    public SubscriptionRequest? Check(IReadOnlyList<Guid> stories, FormErrors errors, IReadOnlyCollection<string> knownSections)
    {
        var url = Url?.Trim() ?? "";
        if (url.Length == 0)
        {
            errors.Add(Fields.Url, "Enter the address your alerts should be sent to.");
        }
        else if (url.Length > MaxUrlLength)
        {
            errors.Add(Fields.Url, $"The address is longer than {MaxUrlLength} characters.");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(Fields.Url, "Enter a full web address starting with https:// (or http://).");
        }

        var sections = Sections.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (sections.Any(s => !knownSections.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(Fields.Sections, "Choose sections from the list.");
        }

        var tags = Values(Tags, ',');
        CheckList(errors, Fields.Tags, Tags, tags, "tags");

        var placeLines = Lines(Places);
        var places = new List<PlaceFilter>();
        if (Places?.Length > MaxListText || placeLines.Count > MaxValues)
        {
            errors.Add(Fields.Places, $"At most {MaxValues} places.");
        }
        else
        {
            foreach (var line in placeLines)
            {
                var parts = line.Split('/', StringSplitOptions.TrimEntries);
                if (parts.Length > 3 || parts.Any(p => p.Length is 0 or > MaxValueLength))
                {
                    errors.Add(Fields.Places, $"“{Shorten(line)}” is not a place: write Country, Country/Region or Country/Region/District.");
                    break;
                }
                places.Add(new PlaceFilter(parts[0], parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2)));
            }
        }

        int? urgency = null;
        if (!string.IsNullOrEmpty(MinimumUrgency))
        {
            if (int.TryParse(MinimumUrgency, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 5)
            {
                urgency = level;
            }
            else
            {
                errors.Add(Fields.MinimumUrgency, "Choose an urgency from the list.");
            }
        }

        var language = Language?.Trim();
        if (language?.Length > MaxLanguageLength)
        {
            errors.Add(Fields.Language, $"A language code is at most {MaxLanguageLength} characters, such as en or pt-BR.");
        }

        var quietHours = CheckQuietHours(errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var filters = new SubscriptionFilters(sections, tags, places, stories, urgency, BreakingOnly, string.IsNullOrEmpty(language) ? null : language);
        return new SubscriptionRequest(url, filters, quietHours);
    }

    private QuietHoursSettings? CheckQuietHours(FormErrors errors)
    {
        var zone = TimeZone?.Trim() ?? "";
        var startText = QuietStart?.Trim() ?? "";
        var endText = QuietEnd?.Trim() ?? "";
        if (zone.Length == 0 && startText.Length == 0 && endText.Length == 0)
        {
            return null;
        }
        if (zone.Length == 0)
        {
            errors.Add(Fields.TimeZone, "Enter the time zone your quiet hours are in, such as Europe/Oslo.");
        }
        else if (zone.Length > MaxTimeZoneLength || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add(Fields.TimeZone, "Enter a time zone by its IANA name, such as Europe/Oslo or Asia/Dushanbe.");
        }
        var start = ParseTime(startText);
        var end = ParseTime(endText);
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

    private static TimeOnly? ParseTime(string text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static void CheckList(FormErrors errors, string field, string? text, List<string> values, string what)
    {
        if (text?.Length > MaxListText || values.Count > MaxValues || values.Any(v => v.Length > MaxValueLength))
        {
            errors.Add(field, $"At most {MaxValues} {what} of at most {MaxValueLength} characters each.");
        }
    }

    private static List<string> Values(string? text, char separator) =>
        (text ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static List<string> Lines(string? text) => Values(text, '\n');

    /// <summary><c>https://…/stories/slug</c> and <c>/stories/slug</c> become <c>slug</c>; a slug or an id stays as it is.</summary>
    private static string StorySlug(string reference)
    {
        var path = Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsolutePath : reference;
        var marker = path.IndexOf("/stories/", StringComparison.OrdinalIgnoreCase);
        return (marker >= 0 ? path[(marker + "/stories/".Length)..] : path).Trim('/');
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    /// <summary>The service's names of the fields it refuses (<c>filters.places</c>…), mapped to this form's fields.</summary>
    public static string FieldOf(string serviceField) => serviceField.ToLowerInvariant() switch
    {
        "url" => Fields.Url,
        "filters.sections" => Fields.Sections,
        "filters.tags" => Fields.Tags,
        "filters.places" => Fields.Places,
        "filters.stories" => Fields.Stories,
        "filters.minimumurgency" => Fields.MinimumUrgency,
        "filters.language" => Fields.Language,
        "quiethours.timezone" => Fields.TimeZone,
        "quiethours" or "quiethours.start" => Fields.QuietStart,
        "quiethours.end" => Fields.QuietEnd,
        _ => Fields.General,
    };
}

/// <summary>Problems with a form, one message per field, in the order they were found (the order of the summary).</summary>
public sealed class FormErrors
{
    private readonly List<KeyValuePair<string, string>> _errors = [];

    public int Count => _errors.Count;

    public IEnumerable<KeyValuePair<string, string>> All => _errors;

    public void Add(string field, string message)
    {
        if (For(field) is null)
        {
            _errors.Add(new(field, message));
        }
    }

    public string? For(string field) => _errors.FirstOrDefault(e => e.Key == field).Value;
}
