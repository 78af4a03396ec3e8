namespace Nojor.ReadCache;

/// <summary>
/// Whether this process hears article events right now. Its cached reads are only safe while it does: an event missed
/// during a broker outage would leave a stale (possibly retracted) report in the cache.
/// </summary>
public sealed class CacheInvalidationFeed
{
    private volatile bool _listening;

    public bool IsListening => _listening;

    internal void Set(bool listening) => _listening = listening;
}
