using System.Threading.Channels;

namespace Nojor.Messaging;

/// <summary>
/// What one pass of a leasing worker found: whether it leased a full batch (more is probably waiting) and, when not, the
/// moment the next row it left behind comes due, if it knows one.
/// </summary>
public readonly record struct LeasePass(bool Full, DateTimeOffset? NextDueAt = null);

/// <summary>
/// The one shape of every worker that takes its work from a table: the outbox relay, the webhook and e-mail senders and
/// the article scheduler. A commit wakes the worker (<see cref="WakeSignal"/>); on a wake-up, or when the poll interval
/// passes without one, it leases a batch with <c>FOR UPDATE SKIP LOCKED</c> (so instances share the rows without taking
/// one twice), works it, and goes again at once while the batches come back full. The poll is the fallback that finds
/// what no wake-up announced: rows of a crashed instance whose lease lapsed, retries, rows another instance committed.
/// Where a commit already knows its rows, it can hand them over in memory instead (<see cref="RunHandedOverAsync{T}"/>),
/// sparing the lease query; the rows stay leased in the table for this instance, and the loop here takes over whatever
/// the hand-over does not finish.
/// </summary>
public static class LeaseLoop
{
    /// <summary>
    /// Runs <paramref name="pass"/> until <paramref name="stoppingToken"/> fires: again at once after a full batch, else
    /// after a wake-up, the poll interval or the pass's next due time, whichever comes first. A pass that throws is reported
    /// to <paramref name="failed"/> and tried again after the poll interval; rows it leased stay leased until their lease
    /// lapses, so nothing is lost.
    /// </summary>
    /// <param name="wake">Wakes the loop early; null for work that only falls due with time (the scheduler).</param>
    /// <param name="pollInterval">Read before each wait, so a changed setting applies from the next one.</param>
    public static async Task RunAsync(Func<CancellationToken, Task<LeasePass>> pass, WakeSignal? wake, Func<TimeSpan> pollInterval,
        TimeProvider clock, Action<Exception> failed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = pollInterval();
            try
            {
                var done = await pass(stoppingToken);
                if (done.Full)
                {
                    continue;
                }
                if (done.NextDueAt - clock.GetUtcNow() is { } untilDue && untilDue < wait)
                {
                    // A retry or a deferral comes due before the poll would look: sleep only until then.
                    wait = untilDue > TimeSpan.Zero ? untilDue : TimeSpan.Zero;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is unreachable or similar: the rows are safe where they are; try again after the wait.
                failed(ex);
            }
            try
            {
                if (wake is null)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
                else
                {
                    await wake.WaitAsync(wait, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Works what commits handed over in memory as it arrives, in batches of whatever has queued up meanwhile (at most
    /// <paramref name="batchSize"/>), until <paramref name="stoppingToken"/> fires. A batch that throws is reported to
    /// <paramref name="failed"/> with its size and dropped from memory: its rows are still in the table, leased for this
    /// instance, and the lease loop (here or on another instance) takes them once the lease lapses.
    /// </summary>
    public static async Task RunHandedOverAsync<T>(ChannelReader<T> handedOver, int batchSize, Func<List<T>, CancellationToken, Task> work,
        Action<Exception, int> failed, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in handedOver.ReadBatchesAsync(batchSize, stoppingToken))
            {
                try
                {
                    await work(batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    failed(ex, batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // What is still queued stays leased in the table; whichever loop runs after the lease lapses works it.
        }
    }
}
