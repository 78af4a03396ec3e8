using Nojor.Notifications.Webhooks;

namespace Nojor.UnitTests.Notifications;

public sealed class DeliveryPacerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_fresh_subscription_gets_its_burst_at_once_and_the_next_permit_one_interval_later()
    {
        var grant = DeliveryPacer.Grant(null, Now, wanted: 12, perSecond: 5, burst: 5);

        Assert.Equal(5, grant.Granted);
        Assert.Equal(Now.AddSeconds(1), grant.PacedUntil);
        Assert.Equal(Now.AddMilliseconds(200), grant.NextFreeAt);
        Assert.Equal(0, DeliveryPacer.Grant(grant.PacedUntil, Now.AddMilliseconds(199), 1, 5, 5).Granted);
        Assert.Equal(1, DeliveryPacer.Grant(grant.PacedUntil, grant.NextFreeAt, 1, 5, 5).Granted);
    }

    [Fact]
    public void Under_steady_demand_the_rate_holds_over_time()
    {
        DateTimeOffset? state = null;
        var granted = 0;
        for (var at = Now; at < Now.AddSeconds(10); at = at.AddMilliseconds(10))
        {
            var grant = DeliveryPacer.Grant(state, at, wanted: 3, perSecond: 20, burst: 10);
            state = grant.PacedUntil;
            granted += grant.Granted;
        }
        // Ten seconds at 20 a second, plus the burst allowance once.
        Assert.InRange(granted, 200, 210);
    }

    [Fact]
    public void An_idle_subscription_gets_a_full_burst_again()
    {
        var busy = DeliveryPacer.Grant(null, Now, 100, perSecond: 10, burst: 10);
        Assert.Equal(10, busy.Granted);

        var later = DeliveryPacer.Grant(busy.PacedUntil, Now.AddMinutes(1), 100, perSecond: 10, burst: 10);
        Assert.Equal(10, later.Granted);
    }

    [Fact]
    public void Below_the_rate_nothing_is_held_back()
    {
        DateTimeOffset? state = null;
        for (var i = 0; i < 50; i++)
        {
            var grant = DeliveryPacer.Grant(state, Now.AddMilliseconds(i * 250), wanted: 1, perSecond: 5, burst: 1);
            Assert.Equal(1, grant.Granted);
            state = grant.PacedUntil;
        }
    }

    [Fact]
    public void Asking_for_nothing_changes_nothing_that_matters()
    {
        var grant = DeliveryPacer.Grant(Now.AddSeconds(3), Now, 0, 5, 5);
        Assert.Equal(0, grant.Granted);
        Assert.Equal(Now.AddSeconds(3), grant.PacedUntil);
    }
}
