namespace Nojor.Notifications.Subscriptions;

/// <summary>Checks a subscription's settings; the answer maps field names to problems, empty when valid.</summary>
public sealed class SubscriptionRequestValidator(WebhookUrlPolicy urlPolicy)
{
    private const int MaxListLength = 100;
    private const int MaxValueLength = 200;

    public async Task<Dictionary<string, string[]>> ValidateAsync(SubscriptionRequest request, CancellationToken cancellationToken)
    {
        var errors = ValidateSettings(request.Filters, request.QuietHours);
        if (await urlPolicy.FindProblemAsync(request.Url, cancellationToken) is { } urlProblem)
        {
            errors["url"] = [urlProblem];
        }
        return errors;
    }

    /// <summary>Checks the filters and quiet hours alone: the rules every delivery channel (webhooks, browser push, e-mail) shares.</summary>
    public static Dictionary<string, string[]> ValidateSettings(FilterDto? filters, QuietHoursDto? quietHours)
    {
        var errors = new Dictionary<string, string[]>();
        if (filters is { } f)
        {
            CheckList(errors, "filters.sections", f.Sections);
            CheckList(errors, "filters.tags", f.Tags);
            if (f.Places is { } places)
            {
                if (places.Count > MaxListLength || places.Any(p => string.IsNullOrWhiteSpace(p.Country)
                    || new[] { p.Country, p.Region, p.District }.Any(v => v?.Length > MaxValueLength)
                    || (p.District is not null && p.Region is null)))
                {
                    errors["filters.places"] = [$"Each place needs a country (and a region before a district), at most {MaxListLength} places."];
                }
            }
            if (f.Stories?.Count > MaxListLength || f.Stories?.Contains(Guid.Empty) == true)
            {
                errors["filters.stories"] = [$"At most {MaxListLength} story ids, none empty."];
            }
            if (f.MinimumUrgency is < 1 or > 5)
            {
                errors["filters.minimumUrgency"] = ["Urgency runs from 1 (flash) to 5."];
            }
            if (f.Language is { Length: > 35 })
            {
                errors["filters.language"] = ["A language tag is at most 35 characters."];
            }
        }
        if (quietHours is { } q)
        {
            if (!QuietHours.IsKnownTimeZone(q.TimeZone))
            {
                errors["quietHours.timeZone"] = ["An IANA time zone such as Europe/Oslo is needed."];
            }
            if (q.Start is null || q.End is null || q.Start == q.End)
            {
                errors["quietHours"] = ["Quiet hours need a start and an end that differ."];
            }
        }
        return errors;
    }

    private static void CheckList(Dictionary<string, string[]> errors, string field, IReadOnlyList<string>? values)
    {
        if (values?.Count > MaxListLength || values?.Any(v => v?.Length > MaxValueLength) == true)
        {
            errors[field] = [$"At most {MaxListLength} values of at most {MaxValueLength} characters."];
        }
    }
}
