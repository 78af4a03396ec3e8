namespace Nojor.Testing;

/// <summary>
/// Bounded polling for what the platform does in the background: wait for the positive marker, never sleep and assume. The
/// machine may be slow, so the bounds are generous and the poll stops as soon as the condition holds.
/// </summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.");
            }
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Polls until <paramref name="probe"/> finds something and returns it, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        T? found = default;
        await EventuallyAsync(async () => (found = await probe()) is not null, timeout, what, every);
        return found!;
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds (the positive marker) or <paramref name="timeout"/> passes and returns the
    /// last read, for the caller to assert on: its failure then says what was read, not only that time ran out.
    /// </summary>
    public static async Task<T> LastReadAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var value = read();
        while (!done(value) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
            value = read();
        }
        return value;
    }
}
