using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace Nojor.Notifications.Streams;

/// <summary>
/// This instance's stream clients. Listens on the Redis backplane and hands each alert to every
/// client's queue; a client too slow to keep up is cut off (its queue completes) and resumes
/// from the log with <c>Last-Event-ID</c>, so one slow reader never holds the others back.
/// </summary>
public sealed partial class AlertHub(IConnectionMultiplexer redis, ILogger<AlertHub> logger) : IHostedService
{
    private const int ClientQueueLength = 1024;
    private readonly ConcurrentDictionary<Channel<StreamedAlert>, byte> _clients = new();
    private ChannelMessageQueue? _subscription;

    public int ClientCount => _clients.Count;

    public ChannelReader<StreamedAlert> Join(out Action leave)
    {
        var queue = Channel.CreateBounded<StreamedAlert>(new BoundedChannelOptions(ClientQueueLength) { SingleReader = true });
        _clients.TryAdd(queue, 0);
        leave = () => _clients.TryRemove(queue, out _);
        return queue.Reader;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await redis.GetSubscriber().SubscribeAsync(RedisAlertBroadcaster.Channel);
        _subscription.OnMessage(message => Dispatch(message.Message));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }
        foreach (var client in _clients.Keys)
        {
            client.Writer.TryComplete();
        }
    }

    private void Dispatch(RedisValue message)
    {
        StreamedAlert? alert;
        try
        {
            alert = JsonSerializer.Deserialize<StreamedAlert>(message.ToString());
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, ex);
            return;
        }
        if (alert is null)
        {
            return;
        }
        foreach (var client in _clients.Keys)
        {
            if (!client.Writer.TryWrite(alert))
            {
                client.Writer.TryComplete();
                _clients.TryRemove(client, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable alert on the backplane; skipped")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
