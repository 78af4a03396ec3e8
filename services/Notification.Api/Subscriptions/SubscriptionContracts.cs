using System.ComponentModel;

namespace Nojor.Notifications.Subscriptions;

/// <summary>Filters of a subscription; every field is optional and an empty one matches everything.</summary>
public sealed record FilterDto(
    [property: Description("Sections wanted, e.g. world, politics.")] IReadOnlyList<string>? Sections = null,
    [property: Description("Tags wanted; a report matches when it carries any of them.")] IReadOnlyList<string>? Tags = null,
    [property: Description("Places wanted: a country, optionally narrowed to a region and a district.")] IReadOnlyList<PlaceFilter>? Places = null,
    [property: Description("Story ids to follow: their updates arrive too, and breaking alerts are limited to them.")] IReadOnlyList<Guid>? Stories = null,
    [property: Description("Least urgent level wanted, 1 (flash) to 5: alerts at or under it pass.")] int? MinimumUrgency = null,
    [property: Description("Only breaking alerts and the corrections and retractions that follow them.")] bool? BreakingOnly = null,
    [property: Description("Language such as en; en also matches en-GB.")] string? Language = null)
{
    public SubscriptionFilter ToFilter() => new()
    {
        Sections = Clean(Sections),
        Tags = Clean(Tags),
        Places = Places?.Select(p => new PlaceFilter(p.Country.Trim(), p.Region?.Trim(), p.District?.Trim())).ToList() ?? [],
        Stories = Stories?.Distinct().ToList() ?? [],
        MinimumUrgency = MinimumUrgency,
        BreakingOnly = BreakingOnly ?? false,
        Language = string.IsNullOrWhiteSpace(Language) ? null : Language.Trim(),
    };

    public static FilterDto From(SubscriptionFilter f) =>
        new(f.Sections, f.Tags, f.Places, f.Stories, f.MinimumUrgency, f.BreakingOnly, f.Language);

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
}

/// <summary>Quiet hours: only flash (urgency 1) alerts are sent between start and end, local time.</summary>
public sealed record QuietHoursDto(
    [property: Description("IANA time zone, e.g. Europe/Oslo.")] string? TimeZone,
    [property: Description("Local start, HH:mm.")] TimeOnly? Start,
    [property: Description("Local end, HH:mm; before start means the window spans midnight.")] TimeOnly? End)
{
    public static QuietHoursDto? From(QuietHours? q) => q is null ? null : new(q.TimeZone, q.Start, q.End);
}

/// <summary>A subscription's settings, for creating and replacing it.</summary>
public sealed record SubscriptionRequest(
    [property: Description("http(s) URL the alerts are POSTed to.")] string? Url,
    FilterDto? Filters = null,
    QuietHoursDto? QuietHours = null);

/// <summary>Returned once, at creation: the only time the secret and the management token are shown.</summary>
public sealed record CreatedSubscriptionResponse(Guid Id, string Url, string Secret, string ManagementToken, FilterDto Filters,
    QuietHoursDto? QuietHours, DateTimeOffset CreatedAt, VerificationDto Verification);

public sealed record SubscriptionResponse(Guid Id, string Url, bool Active, bool Paused, string? DisabledReason, FilterDto Filters,
    QuietHoursDto? QuietHours, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, VerificationDto Verification)
{
    public static SubscriptionResponse From(Subscription s) =>
        new(s.Id, s.Url, s.IsActive, s.IsPaused, s.DisabledReason, FilterDto.From(s.Filter), QuietHoursDto.From(s.QuietHours), s.CreatedAt, s.UpdatedAt,
            VerificationDto.From(s));
}

/// <summary>Whether the endpoint has proven it wants the alerts (echoed the challenge of a <c>webhook.verification</c>).</summary>
public sealed record VerificationDto(
    [property: Description("pending (request sent, no echo yet), verified (alerts flow), or failed (see failure; re-send with POST …/verify).")]
    string State,
    DateTimeOffset? VerifiedAt,
    [property: Description("When the latest verification request was queued.")] DateTimeOffset? RequestedAt,
    [property: Description("Why the latest request failed: no echo, an error status, no answer.")] string? Failure)
{
    public const string Pending = "pending";
    public const string Verified = "verified";
    public const string Failed = "failed";

    public static VerificationDto From(Subscription s) =>
        new(s.IsVerified ? Verified : s.VerificationFailure is null ? Pending : Failed, s.VerifiedAt, s.VerificationRequestedAt, s.VerificationFailure);
}

/// <summary>The new secret, shown once; the previous one keeps signing (alongside) until <paramref name="PreviousSecretExpiresAt"/>.</summary>
public sealed record RotatedSecretResponse(string Secret, DateTimeOffset PreviousSecretExpiresAt);

/// <summary>A queued message: follow it in the delivery log.</summary>
public sealed record QueuedDeliveryResponse(string DeliveryId);
