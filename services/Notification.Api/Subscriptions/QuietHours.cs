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
        if (!Contains(time))
        {
            return null;
        }
        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (Start > End && time >= Start)
        {
            endDate = endDate.AddDays(1);
        }
        var closing = ClosingInstant(zone, endDate.ToDateTime(End), now);
        // Falling back can set the clock to before the window's start (a window from 01:45, clocks going from 02:00 back
        // to 01:00): the window is then over at that moment, not at its end. It can also set the clock back to before the
        // end of a window spanning midnight (02:30 until 02:15, clocks going from 03:00 back to 02:00): the clock then shows
        // the end again that same night, so the window goes on as if it had been entered at the change, and closes then.
        if (FirstOffsetChange(zone, now, closing) is { } change && change < closing)
        {
            return Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(change, zone).DateTime))
                ? EndOfWindowContaining(change) // no further change within a day: this does not recurse again
                : change;
        }
        return closing;
    }

    private bool Contains(TimeOnly time) => Start > End ? time >= Start || time < End : time >= Start && time < End;

    /// <summary>The first instant after <paramref name="from"/> and up to <paramref name="to"/> with another UTC offset, found to the tick.</summary>
    private static DateTimeOffset? FirstOffsetChange(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var before = zone.GetUtcOffset(from);
        if (zone.GetUtcOffset(to) == before)
        {
            return null; // a window lasts under a day and a half: never two clock changes that cancel out
        }
        while (to - from > TimeSpan.FromTicks(1))
        {
            var middle = from + (to - from) / 2;
            if (zone.GetUtcOffset(middle) == before)
            {
                from = middle;
            }
            else
            {
                to = middle;
            }
        }
        return to;
    }

    /// <summary>The first instant after <paramref name="now"/> at which the subscriber's clock reaches <paramref name="endLocal"/>.</summary>
    private static DateTimeOffset ClosingInstant(TimeZoneInfo zone, DateTime endLocal, DateTimeOffset now)
    {
        if (zone.IsAmbiguousTime(endLocal))
        {
            // The clock shows the end twice (fall back): the window closes the first of those times still ahead, not an hour
            // later; if the clock then runs through the window's last hour again, that is a window of its own.
            return zone.GetAmbiguousTimeOffsets(endLocal).Select(offset => new DateTimeOffset(endLocal, offset))
                .Where(instant => instant > now).DefaultIfEmpty(new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal))).Min();
        }
        if (!zone.IsInvalidTime(endLocal))
        {
            return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
        }
        // The clock skips the end (spring forward): the window closes when the clock jumps past it, at the first local time
        // after the gap. Found to the minute, then to the second (clock changes fall on whole minutes; this is exact anyway).
        var after = endLocal;
        while (zone.IsInvalidTime(after))
        {
            after = after.AddMinutes(1);
        }
        while (after.AddSeconds(-1) > endLocal && !zone.IsInvalidTime(after.AddSeconds(-1)))
        {
            after = after.AddSeconds(-1);
        }
        return new DateTimeOffset(after, zone.GetUtcOffset(after));
    }
}
