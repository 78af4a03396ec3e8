namespace Nojor.Notifications.Subscriptions;

/// <summary>
/// A daily window, in the subscriber's own IANA time zone, during which only flash (urgency 1)
/// alerts are sent at once; everything else waits until the window closes. A window may span
/// midnight (22:00–07:00).
/// </summary>
public sealed record QuietHours(string TimeZone, TimeOnly Start, TimeOnly End)
{
    public const int FlashUrgency = 1;

    public static bool IsKnownTimeZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>When to send an alert of <paramref name="urgency"/> that is ready at <paramref name="now"/>.</summary>
    public DateTimeOffset SendAt(DateTimeOffset now, int? urgency) =>
        urgency == FlashUrgency ? now : EndOfWindowContaining(now) ?? now;

    /// <summary>The instant the quiet window around <paramref name="now"/> closes, or null outside the window.</summary>
    public DateTimeOffset? EndOfWindowContaining(DateTimeOffset now)
    {
        if (Start == End || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone))
        {
            return null;
        }
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var spansMidnight = Start > End;
        var inside = spansMidnight ? time >= Start || time < End : time >= Start && time < End;
        if (!inside)
        {
            return null;
        }
        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (spansMidnight && time >= Start)
        {
            endDate = endDate.AddDays(1);
        }
        var endLocal = endDate.ToDateTime(End);
        // A skipped local time (spring forward) has no offset; the window then closes an hour later.
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddHours(1);
        }
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }
}
