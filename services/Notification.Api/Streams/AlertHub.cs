using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Notifications.Data;
using StackExchange.Redis;

namespace Nojor.Notifications.Streams;

/// <summary>
/// This instance's stream clients. Listens on the Redis backplane and hands each alert to every
/// client's queue; a client too slow to keep up is cut off (its queue completes) and resumes
/// from the log with <c>Last-Event-ID</c>, so one slow reader never holds the others back.
/// </summary>
/// <remarks>
/// While the backplane is down (Redis unreachable), the hub reads the alert log in PostgreSQL instead, every
/// <see cref="StreamOptions.BackplaneFallbackInterval"/>, and once more after Redis is back for what was committed
/// in between: clients keep getting every alert, a little later. An alert that comes both ways is sent once.
/// </remarks>
public sealed partial class AlertHub(
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    IOptions<StreamOptions> options,
    TimeProvider clock,
    ILogger<AlertHub> logger) : IHostedService
{
    private const int ClientQueueLength = 1024;

    /// <summary>Sequences recently handed out, to send an alert that arrives over both paths once; older ones cannot repeat.</summary>
    private const int RememberedSequences = 4096;

    /// <summary>How long a lost Redis connection may go unnoticed (a publish failing, a heartbeat): alerts from then on are read.</summary>
    private static readonly TimeSpan BackplaneLossNoticedWithin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after the connection is back the log is still read: the client renews the channel's subscription only once
    /// connected, and an alert published before that is lost to pub/sub.
    /// </summary>
    private static readonly TimeSpan ResubscribedWithin = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Channel<StreamedAlert>, byte> _clients = new();
    private readonly HashSet<long> _dispatched = [];
    private readonly Queue<long> _dispatchOrder = new();
    private readonly Lock _dispatchLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _subscription;
    private Task _fallback = Task.CompletedTask;
    private long _highestDispatched;

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

    /// <summary>Reads the alert log while the backplane is down, and once more after it is back.</summary>
    private async Task FallBackToTheLogAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.BackplaneFallbackInterval, clock);
        long? readFrom = null;
        var lostSince = DateTimeOffset.MinValue;
        DateTimeOffset? connectedSince = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                // The connection the backplane's subscription uses, not just any: it is the one alerts come in on.
                var connected = redis.GetSubscriber().IsConnected(RedisAlertBroadcaster.Channel);
                if (!connected)
                {
                    connectedSince = null;
                }
                else
                {
                    connectedSince ??= clock.GetUtcNow();
                }
                if (readFrom is null && connected)
                {
                    continue;
                }
                if (readFrom is null)
                {
                    LogBackplaneDown(logger);
                    // From the last alert handed out, but never from further back than shortly before the backplane was
                    // seen down: an instance that has handed out nothing yet must not replay the whole log to its clients.
                    readFrom = Interlocked.Read(ref _highestDispatched);
                    lostSince = clock.GetUtcNow() - (options.Value.BackplaneFallbackInterval * 2) - BackplaneLossNoticedWithin;
                }
                try
                {
                    readFrom = await DispatchFromTheLogAsync(readFrom.Value, lostSince, stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be away too; the next tick tries again from the same point.
                    LogLogUnreadable(logger, ex);
                    continue;
                }
                if (connected && clock.GetUtcNow() - connectedSince >= ResubscribedWithin)
                {
                    // Redis is back, the subscription renewed, and what was committed until then has been read: live
                    // alerts take over.
                    readFrom = null;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <returns>The sequence to read on from next time.</returns>
    private async Task<long> DispatchFromTheLogAsync(long after, DateTimeOffset createdSince, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.Sequence > after && a.CreatedAt >= createdSince).OrderBy(a => a.Sequence)
            .Take(options.Value.ResumeLimit).ToListAsync(cancellationToken);
        foreach (var alert in alerts)
        {
            Dispatch(StreamedAlert.From(alert));
            after = alert.Sequence;
        }
        return after;
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
        if (alert is not null)
        {
            Dispatch(alert);
        }
    }

    private void Dispatch(StreamedAlert alert)
    {
        lock (_dispatchLock)
        {
            if (!_dispatched.Add(alert.Sequence))
            {
                return; // came the other way already
            }
            _dispatchOrder.Enqueue(alert.Sequence);
            if (_dispatchOrder.Count > RememberedSequences)
            {
                _dispatched.Remove(_dispatchOrder.Dequeue());
            }
            if (alert.Sequence > _highestDispatched)
            {
                Interlocked.Exchange(ref _highestDispatched, alert.Sequence);
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert backplane (Redis) unreachable: stream clients are fed from the alert log")]
    private static partial void LogBackplaneDown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the alert log for stream clients; trying again")]
    private static partial void LogLogUnreadable(ILogger logger, Exception exception);
}
