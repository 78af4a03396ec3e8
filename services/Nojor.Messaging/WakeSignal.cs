namespace Nojor.Messaging;

/// <summary>
/// Wakes a background worker as soon as there is work, so it need not poll fast. Pulses
/// coalesce: many notifications before the worker wakes give one wake-up.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    public void Notify()
    {
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the worker handles everything pending in one pass.
        }
    }

    /// <summary>Returns when signalled or when <paramref name="timeout"/> passes, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pulse.WaitAsync(timeout, cancellationToken);
}
