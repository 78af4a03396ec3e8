using MassTransit;
using Microsoft.AspNetCore.OutputCaching;

namespace Nojor.Gateway.Caching;

/// <summary>
/// Follows the gateway's article-event queue: while it is down the cache is bypassed, and whenever it goes down or
/// comes back everything cached is dropped, since events may have been missed in between.
/// </summary>
internal sealed partial class CacheInvalidationObserver(CacheInvalidationFeed feed, IOutputCacheStore store, ILogger<CacheInvalidationObserver> logger)
    : IReceiveEndpointObserver
{
    public async Task Ready(ReceiveEndpointReady ready)
    {
        await store.EvictByTagAsync(ArticleCacheTags.All, CancellationToken.None);
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
        await store.EvictByTagAsync(ArticleCacheTags.All, CancellationToken.None);
    }

    [LoggerMessage(LogLevel.Information, "Article events are arriving: cached article reads are on")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "The article event queue faulted: cached article reads are off until it is back")]
    private static partial void LogFaulted(ILogger logger, Exception? exception);
}
