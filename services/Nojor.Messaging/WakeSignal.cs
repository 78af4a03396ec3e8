namespace Nojor.Messaging;

/// <summary>
/// Wakes a background worker as soon as there is work, so it need not poll fast. Pulses
/// coalesce: many notifications before the worker wakes give one wake-up.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _pulse = new(0, 1);
    private int _pending;

    public void Notify()
    {
        // Hot paths notify on every commit (thousands a second under load): only the first since the last wake-up
        // touches the semaphore, the rest are one interlocked read.
        if (Interlocked.CompareExchange(ref _pending, 1, 0) != 0)
        {
            return;
        }
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wait timed out just as an earlier pulse arrived: one wake-up is already pending, which is all it takes.
        }
    }

    /// <summary>Returns when signalled or when <paramref name="timeout"/> passes, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _pulse.WaitAsync(timeout, cancellationToken);
        // Cleared before the worker's pass starts: work committed before a later Notify is either seen by that pass
        // or wakes the next one.
        Volatile.Write(ref _pending, 0);
    }
}
