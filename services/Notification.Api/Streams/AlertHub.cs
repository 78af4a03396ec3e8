using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Nojor.Notifications.Streams;

/// <summary>
/// This instance's stream clients. Listens on the Redis backplane and hands each alert to every
/// client's queue; a client too slow to keep up is cut off (its queue completes) and resumes
/// from the log with <c>Last-Event-ID</c>, so one slow reader never holds the others back.
/// </summary>
/// <remarks>
/// Alerts are handed out strictly in sequence order, each once (<see cref="AlertSequencer"/>): one that arrives ahead of
/// an earlier one is preceded by what the log holds in between, so the id of the last alert a client got is a safe place
/// to resume from. While the backplane is down (Redis unreachable), the hub reads the alert log in PostgreSQL instead, every
/// <see cref="StreamOptions.BackplaneFallbackInterval"/>, and once more after Redis is back for what was committed
/// in between: clients keep getting every alert, a little later, in the same order.
/// </remarks>
public sealed partial class AlertHub : IHostedService
{
    private const int ClientQueueLength = 1024;

    /// <summary>
    /// How long after the connection is back the log is still read: the client renews the channel's subscription only once
    /// connected, and an alert published before that is lost to pub/sub.
    /// </summary>
    private static readonly TimeSpan ResubscribedWithin = TimeSpan.FromSeconds(10);

    private readonly IConnectionMultiplexer _redis;
    private readonly IOptions<StreamOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AlertHub> _logger;
    private readonly AlertSequencer _sequencer;
    private readonly ConcurrentDictionary<Channel<StreamedAlert>, byte> _clients = new();
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _subscription;
    private Task _fallback = Task.CompletedTask;

    public AlertHub(IConnectionMultiplexer redis, IServiceScopeFactory scopes, IOptions<StreamOptions> options, TimeProvider clock,
        ILogger<AlertHub> logger)
    {
        _redis = redis;
        _options = options;
        _clock = clock;
        _logger = logger;
        _sequencer = new AlertSequencer(new DatabaseAlertLog(scopes), options.Value.ResumeLimit, HandOut, clock);
    }

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
        // Subscribed before the starting point is read, so nothing committed after it is missed; the messages wait in the
        // subscription's queue until the handler is attached.
        _subscription = await _redis.GetSubscriber().SubscribeAsync(RedisAlertBroadcaster.Channel);
        try
        {
            await _sequencer.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A cluster instance serves without migrating, so the database may still be away; the hub finds its starting
            // point with the first alert instead of failing the instance.
            LogStartUnknown(_logger, ex);
        }
        _subscription.OnMessage(OfferAsync);
        _fallback = FallBackToTheLogAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _fallback;
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }
        foreach (var client in _clients.Keys)
        {
            client.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Reads the alert log while the backplane is down, and once more after it is back; also after a read to fill a gap
    /// failed, so the alerts that were left waiting go out without waiting for the next broadcast.
    /// </summary>
    private async Task FallBackToTheLogAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.Value.BackplaneFallbackInterval, _clock);
        var readingTheLog = false;
        DateTimeOffset? connectedSince = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                // The connection the backplane's subscription uses, not just any: it is the one alerts come in on.
                var connected = _redis.GetSubscriber().IsConnected(RedisAlertBroadcaster.Channel);
                if (!connected)
                {
                    connectedSince = null;
                }
                else
                {
                    connectedSince ??= _clock.GetUtcNow();
                }
                if (!readingTheLog && connected && !_sequencer.IsBehind)
                {
                    continue;
                }
                if (!readingTheLog && !connected)
                {
                    LogBackplaneDown(_logger);
                    readingTheLog = true;
                }
                try
                {
                    // From the last alert handed out, whichever way it came.
                    await _sequencer.CatchUpAsync(stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be away too; the next tick tries again from the same point.
                    LogLogUnreadable(_logger, ex);
                    continue;
                }
                if (connected && _clock.GetUtcNow() - connectedSince >= ResubscribedWithin)
                {
                    // Redis is back, the subscription renewed, and what was committed until then has been read: live
                    // alerts take over.
                    readingTheLog = false;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task OfferAsync(ChannelMessage message)
    {
        StreamedAlert? alert;
        try
        {
            alert = JsonSerializer.Deserialize<StreamedAlert>(message.Message.ToString());
        }
        catch (JsonException ex)
        {
            LogUnreadable(_logger, ex);
            return;
        }
        if (alert is null)
        {
            return;
        }
        try
        {
            await _sequencer.OfferAsync(alert, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The gap before it could not be read: the alert waits with the gap, read by the next broadcast or the next
            // tick of the fallback, whichever comes first. Handing it out alone would let a client resume past the gap.
            LogLogUnreadable(_logger, ex);
        }
    }

    /// <summary>Called by the sequencer, one alert at a time, in sequence order.</summary>
    private void HandOut(StreamedAlert alert)
    {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert backplane (Redis) unreachable: stream clients are fed from the alert log")]
    private static partial void LogBackplaneDown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the alert log for stream clients; trying again")]
    private static partial void LogLogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read where the alert log ends at start; the first alert sets it")]
    private static partial void LogStartUnknown(ILogger logger, Exception exception);
}
