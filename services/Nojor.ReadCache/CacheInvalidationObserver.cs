using MassTransit;
using Microsoft.Extensions.Logging;

namespace Nojor.ReadCache;

/// <summary>
/// Follows the process's article-event queue: while it is down the cache is bypassed, and whenever it goes down or comes
/// back everything cached is dropped, since events may have been missed in between (the queue is deleted with its
/// connection, so nothing published meanwhile waits in it).
/// </summary>
internal sealed partial class CacheInvalidationObserver(CacheInvalidationFeed feed, IArticleReadCache cache, ILogger<CacheInvalidationObserver> logger)
    : IReceiveEndpointObserver
{
    public async Task Ready(ReceiveEndpointReady ready)
    {
        await cache.EvictAllAsync(CancellationToken.None);
        feed.Set(true);
        LogListening(logger);
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => StopListeningAsync();

    public Task Completed(ReceiveEndpointCompleted completed) => StopListeningAsync();

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        LogFaulted(logger, faulted.Exception);
        return StopListeningAsync();
    }

    private async Task StopListeningAsync()
    {
        feed.Set(false);
        await cache.EvictAllAsync(CancellationToken.None);
    }

    [LoggerMessage(LogLevel.Information, "Article events are arriving: cached article reads are on")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "The article event queue faulted: cached article reads are off until it is back")]
    private static partial void LogFaulted(ILogger logger, Exception? exception);
}
