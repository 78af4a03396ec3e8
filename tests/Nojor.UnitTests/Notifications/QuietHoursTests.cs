using Nojor.Notifications.Subscriptions;

namespace Nojor.UnitTests.Notifications;

public sealed class QuietHoursTests
{
    private static readonly QuietHours Night = new("Europe/Oslo", new TimeOnly(22, 0), new TimeOnly(7, 0));

    [Fact]
    public void Inside_a_window_spanning_midnight_alerts_wait_for_its_end_in_the_subscribers_zone()
    {
        // 23:30 in Oslo in January (UTC+1) is 22:30 UTC; the window closes at 07:00 Oslo = 06:00 UTC the next day.
        var now = new DateTimeOffset(2026, 1, 10, 22, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero), Night.SendAt(now, urgency: 2));
    }

    [Fact]
    public void After_midnight_the_window_closes_the_same_morning()
    {
        var now = new DateTimeOffset(2026, 7, 10, 1, 0, 0, TimeSpan.Zero); // 03:00 in Oslo (summer, UTC+2)
        Assert.Equal(new DateTimeOffset(2026, 7, 10, 5, 0, 0, TimeSpan.Zero), Night.SendAt(now, urgency: 3));
    }

    [Fact]
    public void Flash_alerts_and_times_outside_the_window_go_at_once()
    {
        var night = new DateTimeOffset(2026, 1, 10, 22, 30, 0, TimeSpan.Zero);
        Assert.Equal(night, Night.SendAt(night, urgency: 1));
        var noon = new DateTimeOffset(2026, 1, 10, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal(noon, Night.SendAt(noon, urgency: 4));
    }

    [Fact]
    public void A_window_within_one_day_works_too()
    {
        var lunch = new QuietHours("Asia/Tokyo", new TimeOnly(12, 0), new TimeOnly(13, 0));
        var now = new DateTimeOffset(2026, 3, 1, 3, 30, 0, TimeSpan.Zero); // 12:30 in Tokyo
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 4, 0, 0, TimeSpan.Zero), lunch.SendAt(now, urgency: 2));
        Assert.Null(lunch.EndOfWindowContaining(now.AddHours(1)));
    }

    [Fact]
    public void A_clock_going_back_before_the_end_closes_the_window_at_the_end_that_same_night()
    {
        // Found by the property test. Oslo, 31 October 2027: at 03:00 CEST (01:00 UTC) the clock goes back to 02:00 CET. A
        // window from 02:30 until 02:15 is open at 02:59 CEST; after the change the clock shows 02:00 (still inside) and
        // reaches 02:15 at 01:15 UTC, which is when the window closes, not at 02:15 the next night.
        var window = new QuietHours("Europe/Oslo", new TimeOnly(2, 30), new TimeOnly(2, 15));
        var now = new DateTimeOffset(2027, 10, 31, 0, 59, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 1, 15, 0, TimeSpan.Zero), window.EndOfWindowContaining(now));
    }
}
