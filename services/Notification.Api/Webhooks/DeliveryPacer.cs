namespace Nojor.Notifications.Webhooks;

/// <summary>The outcome of asking for permits: how many were granted, the new pacing state and when the next permit frees up.</summary>
public readonly record struct PacingGrant(int Granted, DateTimeOffset PacedUntil, DateTimeOffset NextFreeAt);

/// <summary>
/// Caps the deliveries sent to one subscription with the generic cell rate algorithm: one timestamp per subscription (the
/// theoretical arrival time of the next delivery at the steady rate) allows <c>rate</c> deliveries a second with bursts of up
/// to <c>burst</c>. One timestamp is all the state, so it lives on the subscription row and every instance shares it.
/// </summary>
public static class DeliveryPacer
{
    /// <summary>Grants up to <paramref name="wanted"/> deliveries at <paramref name="now"/> given the stored <paramref name="pacedUntil"/>.</summary>
    public static PacingGrant Grant(DateTimeOffset? pacedUntil, DateTimeOffset now, int wanted, int perSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        var interval = Interval(perSecond);
        // How far ahead of real time the schedule may run: the burst beyond the one delivery the rate always allows.
        var tolerance = interval * (burst - 1);
        var tat = pacedUntil is { } stored && stored > now ? stored : now;
        var granted = 0;
        while (granted < wanted && tat - now <= tolerance)
        {
            tat += interval;
            granted++;
        }
        var nextFree = tat - tolerance > now ? tat - tolerance : now;
        return new PacingGrant(granted, tat, nextFree);
    }

    /// <summary>The steady spacing between deliveries at the given rate.</summary>
    public static TimeSpan Interval(int perSecond) => TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond);
}
