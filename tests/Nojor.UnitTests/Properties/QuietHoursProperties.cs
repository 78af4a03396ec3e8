using CsCheck;
using Nojor.Notifications.Subscriptions;

namespace Nojor.UnitTests.Properties;

public sealed class QuietHoursProperties
{
    // Zones with one-hour, half-hour and southern-hemisphere clock changes, one without any, and UTC itself.
    private static readonly string[] Zones =
        ["Europe/Oslo", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "America/St_Johns", "Asia/Kolkata", "UTC"];

    /// <summary>Every instant in 2025–2027 at which a zone's offset changes, so generated times can crowd around them.</summary>
    private static readonly Dictionary<string, DateTimeOffset[]> Transitions = Zones.ToDictionary(id => id, id =>
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        var changes = new List<DateTimeOffset>();
        for (var t = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero); t.Year < 2028; t = t.AddMinutes(15))
        {
            if (zone.GetUtcOffset(t) != zone.GetUtcOffset(t.AddMinutes(15)))
            {
                changes.Add(t.AddMinutes(15));
            }
        }
        return changes.Count > 0 ? changes.ToArray() : [new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)];
    });

    // Window edges on the quarter hour, often in the small hours where clocks change.
    private static readonly Gen<TimeOnly> Edges = Gen.Frequency(
        (2, Gen.Int[0, 16].Select(quarter => new TimeOnly(0, 0).AddMinutes(quarter * 15))),
        (1, Gen.Int[0, 95].Select(quarter => new TimeOnly(0, 0).AddMinutes(quarter * 15))));

    private static readonly Gen<(QuietHours Window, DateTimeOffset Now)> Cases =
        from zone in Gen.OneOf(Zones)
        from start in Edges
        from end in Edges
        from nearChange in Gen.Bool
        from which in Gen.Int[0, 1000]
        from minutes in Gen.Int[-36 * 60, 12 * 60]
        from anyDay in Gen.Int[0, 3 * 365]
        let transitions = Transitions[zone]
        let around = nearChange ? transitions[which % transitions.Length] : new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(anyDay)
        select (new QuietHours(zone, start, end), around.AddMinutes(minutes));

    [Fact]
    public void The_window_closes_at_the_first_minute_the_subscriber_s_clock_shows_a_time_outside_it() =>
        Cases.Sample(c =>
        {
            var (window, now) = c;
            Assert.Equal(ModelEnd(window, now), window.EndOfWindowContaining(now));
        }, iter: 3000);

    [Fact]
    public void Only_flash_alerts_go_at_once_inside_the_window_and_everything_goes_at_once_outside_it() =>
        Gen.Select(Cases, Gen.Int[1, 5].Nullable()).Sample((c, urgency) =>
        {
            var (window, now) = c;
            var sendAt = window.SendAt(now, urgency);
            var held = Inside(window, now) && urgency != QuietHours.FlashUrgency;
            Assert.Equal(held, sendAt > now);
            Assert.True(sendAt >= now);
            if (held)
            {
                Assert.Equal(ModelEnd(window, now), sendAt);
                Assert.True(sendAt - now <= TimeSpan.FromHours(26), $"held {sendAt - now}");
            }
        });

    /// <summary>Whether the subscriber's own clock shows a time within the window at this instant.</summary>
    private static bool Inside(QuietHours window, DateTimeOffset instant)
    {
        var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(window.TimeZone)).DateTime);
        return window.Start <= window.End
            ? time >= window.Start && time < window.End
            : time >= window.Start || time < window.End;
    }

    /// <summary>
    /// The model: walk forward minute by minute (edges and clock changes fall on whole minutes) until the subscriber's clock
    /// shows a time outside the window, or jumps past its end (spring forward may skip the very hour the window is open).
    /// </summary>
    private static DateTimeOffset? ModelEnd(QuietHours window, DateTimeOffset now)
    {
        if (!Inside(window, now))
        {
            return null;
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(window.TimeZone);
        var start = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMinute));
        for (var t = start.AddMinutes(1); t < now.AddHours(27); t = t.AddMinutes(1))
        {
            var before = TimeZoneInfo.ConvertTime(t.AddMinutes(-1), zone).DateTime;
            var after = TimeZoneInfo.ConvertTime(t, zone).DateTime;
            var end = DateOnly.FromDateTime(after).ToDateTime(window.End);
            if (!Inside(window, t) || (before < end && end <= after))
            {
                return t;
            }
        }
        throw new InvalidOperationException($"{window} never closes after {now}");
    }
}
