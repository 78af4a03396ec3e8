using System.Diagnostics;

namespace Nojor.Testing;

/// <summary>
/// Counts what arrives matching one expectation (a webhook with a headline, a push under a path, an alert on a stream)
/// from the moment it is set, and when the first and the last expected one came: what the benchmarks time.
/// </summary>
public sealed class Arrivals
{
    private Func<string, bool> _matches = _ => false;
    private int _expected;
    private int _count;
    private long _firstTicks;
    private long _lastTicks;
    private Stopwatch _clock = new();
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => _count;

    /// <summary>Milliseconds from <see cref="Expect(string, int)"/> to the first match.</summary>
    public double FirstAt => TimeSpan.FromTicks(_firstTicks).TotalMilliseconds;

    /// <summary>Milliseconds from <see cref="Expect(string, int)"/> to the match that made the count.</summary>
    public double LastAt => TimeSpan.FromTicks(_lastTicks).TotalMilliseconds;

    /// <summary>Starts the clock and expects <paramref name="count"/> arrivals containing <paramref name="marker"/>.</summary>
    public void Expect(string marker, int count) => Expect(text => text.Contains(marker, StringComparison.Ordinal), count);

    /// <summary>Starts the clock and expects <paramref name="count"/> arrivals that <paramref name="matches"/> accepts.</summary>
    public void Expect(Func<string, bool> matches, int count)
    {
        _matches = matches;
        _expected = count;
        _count = 0;
        _firstTicks = 0;
        _lastTicks = 0;
        _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _clock = Stopwatch.StartNew();
    }

    /// <summary>Whether all expected arrivals came within <paramref name="timeout"/>.</summary>
    public async Task<bool> AllReceived(TimeSpan timeout) => await Task.WhenAny(_all.Task, Task.Delay(timeout)) == _all.Task;

    /// <summary>Notes one arrival if it matches; returns whether it did.</summary>
    public bool Record(string text)
    {
        if (_expected == 0 || !_matches(text))
        {
            return false;
        }
        var now = _clock.Elapsed.Ticks;
        var n = Interlocked.Increment(ref _count);
        if (n == 1)
        {
            _firstTicks = now;
        }
        if (n == _expected)
        {
            _lastTicks = now;
            _all.TrySetResult();
        }
        return true;
    }
}
