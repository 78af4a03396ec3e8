namespace Nojor.Notifications.Streams;

/// <summary>
/// Counts, per alert, the stream clients of this instance an alert was written and flushed to, so editors can see how far
/// a breaking alert went. The counts are kept in memory, where the stream loop adds to them without a database round
/// trip, and <see cref="StreamReachRecorder"/> adds them to the alert's row for this instance every
/// <see cref="StreamReachRecorder.Interval"/>.
/// </summary>
public sealed class StreamReach
{
    private readonly Lock _lock = new();
    private Dictionary<long, int> _unrecorded = [];

    /// <summary>One more client received the alert with this sequence (a live alert or a replay after Last-Event-ID).</summary>
    public void Reached(long alertSequence)
    {
        // A lock, not a concurrent dictionary swapped out under the writers: a count added to the old dictionary after the
        // swap would be lost. Held for one dictionary update, it stays cheap with thousands of clients on one alert.
        lock (_lock)
        {
            _unrecorded[alertSequence] = _unrecorded.GetValueOrDefault(alertSequence) + 1;
        }
    }

    /// <summary>Takes what was counted since the last call; the caller records it, or gives it back with <see cref="Return"/>.</summary>
    public IReadOnlyDictionary<long, int> Take()
    {
        lock (_lock)
        {
            var taken = _unrecorded;
            _unrecorded = [];
            return taken;
        }
    }

    /// <summary>Counts that could not be recorded (the database was away) go back, to be added next time.</summary>
    public void Return(IReadOnlyDictionary<long, int> counts)
    {
        lock (_lock)
        {
            foreach (var (sequence, count) in counts)
            {
                _unrecorded[sequence] = _unrecorded.GetValueOrDefault(sequence) + count;
            }
        }
    }
}
