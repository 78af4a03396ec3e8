namespace Nojor.Notifications.Streams;

/// <summary>
/// Hands committed alerts on strictly in sequence order, each once, so that a stream client resuming with the id of the
/// last alert it got has been handed every lower one it was meant to see.
/// </summary>
/// <remarks>
/// Alert inserts commit in sequence order (each insert takes an advisory lock before its sequence and holds it to the
/// commit; see <see cref="Alerts.AlertConsumer{TMessage}"/>), so once alert N has committed, every lower sequence has committed or rolled back for good. An
/// alert that comes ahead of the one before it (their broadcasts crossed, or one was lost) is therefore preceded by what
/// the log holds in between, and a sequence in there that a rolled-back insert took stays a gap, not waited for. An alert
/// that comes after a higher one was handed out was handed out from the log then, and is dropped.
/// </remarks>
public sealed class AlertSequencer(IAlertLog log, int pageSize, Action<StreamedAlert> handOut, TimeProvider clock)
{
    /// <summary>
    /// When the starting point could not be read at start: alerts created this long before are taken to have committed
    /// before, which covers an insert waiting for its turn and the instances' clocks disagreeing.
    /// </summary>
    public static readonly TimeSpan StartUncertainty = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly DateTimeOffset _createdAt = clock.GetUtcNow();
    /// <summary>The sequence handed out last, or the starting point; null while that is not known. Guarded by the turn.</summary>
    private long? _last;
    private volatile bool _behind;

    /// <summary>A read of the log failed, so an alert committed may not have been handed out: <see cref="CatchUpAsync"/>.</summary>
    public bool IsBehind => _behind;

    /// <summary>
    /// Starts after the latest alert committed: those are older than every client. Call before offering anything; if it
    /// fails (the database is away), the starting point is found with the first alert offered or caught up with.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            _last ??= await log.LatestAsync(createdBefore: null, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Hands out <paramref name="alert"/>, committed, after whatever lies between it and the last handed out.</summary>
    /// <exception cref="Exception">The log could not be read: nothing was handed out, and <see cref="IsBehind"/> is set.</exception>
    public async Task OfferAsync(StreamedAlert alert, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var last = await StartingPointAsync(cancellationToken);
            if (alert.Sequence <= last)
            {
                return; // handed out already (it came the other way, or was read from the log), or older than the start
            }
            if (alert.Sequence > last + 1)
            {
                await HandOutFromTheLogAsync(before: alert.Sequence, cancellationToken);
            }
            HandOut(alert);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Hands out every alert committed after the last handed out: while the broadcasts are away, or behind.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await StartingPointAsync(cancellationToken);
            await HandOutFromTheLogAsync(before: long.MaxValue, cancellationToken);
            _behind = false;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<long> StartingPointAsync(CancellationToken cancellationToken)
    {
        if (_last is { } known)
        {
            return known;
        }
        try
        {
            // Not read at start: a client may be handed alerts from shortly before it came, but none it should get goes missing.
            return (_last = await log.LatestAsync(_createdAt - StartUncertainty, cancellationToken)).Value;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _behind = true;
            throw;
        }
    }

    private async Task HandOutFromTheLogAsync(long before, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var page = await log.ReadAsync(_last!.Value, before, pageSize, cancellationToken);
                foreach (var alert in page)
                {
                    HandOut(alert);
                }
                if (page.Count < pageSize)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _behind = true;
            throw;
        }
    }

    private void HandOut(StreamedAlert alert)
    {
        _last = alert.Sequence;
        handOut(alert);
    }
}
