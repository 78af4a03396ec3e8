using Microsoft.Extensions.Logging;

namespace Nojor.Messaging;

/// <summary>
/// A value an observable gauge reports that costs a database query to know: read at most once per
/// <paramref name="period"/>, in the background, and only while something reads the gauge. The exporter's callback
/// gets the last value read at once and never waits for a query (the dashboard collects every second or so); until
/// the first read completes there is no value, and the gauge reports nothing rather than a made-up zero.
/// </summary>
public sealed partial class PeriodicReading<T>(Func<CancellationToken, Task<T>> read, TimeSpan period, TimeProvider clock, ILogger logger)
    where T : class
{
    private volatile T? _last;
    private long _readAtTicks;
    private int _reading;

    /// <summary>The last value read (null before the first read), starting a new read when it is older than the period.</summary>
    public T? Current
    {
        get
        {
            var now = clock.GetUtcNow().UtcTicks;
            if (now - Interlocked.Read(ref _readAtTicks) >= period.Ticks && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
            {
                _ = RefreshAsync(now);
            }
            return _last;
        }
    }

    private async Task RefreshAsync(long startedAt)
    {
        try
        {
            // Off the exporter's thread: its callback returns the previous value while this runs.
            await Task.Yield();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            _last = await read(timeout.Token);
        }
        catch (Exception ex)
        {
            // The database is unreachable or similar: keep reporting the last value read; the next period tries again.
            LogReadFailed(logger, ex);
        }
        finally
        {
            Interlocked.Exchange(ref _readAtTicks, startedAt);
            Volatile.Write(ref _reading, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading a gauge's value failed; the last value read stands")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
