namespace Nojor.Gateway.Caching;

/// <summary>
/// Whether the gateway is hearing article events right now. Cached reads are only safe while it is: an event
/// missed during a broker outage would leave a stale (possibly retracted) report in the cache.
/// </summary>
public sealed class CacheInvalidationFeed
{
    private volatile bool _listening;

    public bool IsListening => _listening;

    internal void Set(bool listening) => _listening = listening;
}
