using System.Text.Json;
using Nojor.Notifications.Alerts;
using StackExchange.Redis;

namespace Nojor.Notifications.Streams;

/// <summary>
/// Publishes committed alerts on the Redis channel every instance listens to, so a stream client
/// connected anywhere gets every alert. If Redis is briefly unreachable the alert is still in the
/// database log, and clients pick it up when they reconnect with <c>Last-Event-ID</c>.
/// </summary>
public sealed partial class RedisAlertBroadcaster(IConnectionMultiplexer redis, ILogger<RedisAlertBroadcaster> logger) : IAlertBroadcaster
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("nojor:notifications:alerts");

    public async Task PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(StreamedAlert.From(alert)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, alert.Id, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} not broadcast to live streams; clients get it on resume")]
    private static partial void LogPublishFailed(ILogger logger, string alertId, Exception exception);
}
