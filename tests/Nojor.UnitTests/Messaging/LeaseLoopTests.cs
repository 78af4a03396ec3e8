using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Nojor.Messaging;

namespace Nojor.UnitTests.Messaging;

public class LeaseLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    private sealed class Signal : WakeSignal;

    /// <summary>Counts passes and completes a waiter when a given pass starts: a signal, not a poll.</summary>
    private sealed class Passes(Func<int, LeasePass> answer)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<int, TaskCompletionSource> _waiters = [];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<LeasePass> RunAsync(CancellationToken cancellationToken)
        {
            int number;
            lock (_gate)
            {
                number = ++_count;
                if (_waiters.Remove(number, out var waiter))
                {
                    waiter.SetResult();
                }
            }
            return Task.FromResult(answer(number));
        }

        public Task Started(int number)
        {
            lock (_gate)
            {
                if (_count >= number)
                {
                    return Task.CompletedTask;
                }
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[number] = waiter;
                return waiter.Task;
            }
        }
    }

    [Fact]
    public async Task A_full_batch_is_followed_at_once_by_another_pass()
    {
        var passes = new Passes(n => new LeasePass(Full: n < 4));
        using var stop = new CancellationTokenSource();

        var loop = LeaseLoop.RunAsync(passes.RunAsync, new Signal(), () => Never, TimeProvider.System, _ => { }, stop.Token);

        // Neither a wake-up nor the hour-long poll comes: only the full batches bring passes 2 to 4.
        await passes.Started(4).WaitAsync(Patience);
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
        Assert.Equal(4, passes.Count);
    }

    [Fact]
    public async Task After_a_partial_batch_the_next_pass_waits_for_a_wake_up()
    {
        var notified = false;
        var seenNotified = new List<bool>();
        var passes = new Passes(_ =>
        {
            seenNotified.Add(Volatile.Read(ref notified));
            return new LeasePass(Full: false);
        });
        var signal = new Signal();
        using var stop = new CancellationTokenSource();

        var loop = LeaseLoop.RunAsync(passes.RunAsync, signal, () => Never, TimeProvider.System, _ => { }, stop.Token);
        await passes.Started(1).WaitAsync(Patience);
        Volatile.Write(ref notified, true);
        signal.Notify();
        await passes.Started(2).WaitAsync(Patience);

        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
        Assert.Equal([false, true], seenNotified);
    }

    [Fact]
    public async Task A_row_due_before_the_poll_brings_the_next_pass_forward_to_its_time()
    {
        var passes = new Passes(_ => new LeasePass(Full: false, NextDueAt: DateTimeOffset.UtcNow.AddMilliseconds(20)));
        using var stop = new CancellationTokenSource();

        var loop = LeaseLoop.RunAsync(passes.RunAsync, new Signal(), () => Never, TimeProvider.System, _ => { }, stop.Token);

        await passes.Started(2).WaitAsync(Patience);
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_failing_pass_is_reported_and_the_poll_tries_again()
    {
        var failures = new List<Exception>();
        var passes = new Passes(n => n == 1 ? throw new InvalidOperationException("database down") : new LeasePass(Full: false));
        using var stop = new CancellationTokenSource();

        var loop = LeaseLoop.RunAsync(passes.RunAsync, new Signal(), () => TimeSpan.FromMilliseconds(20), TimeProvider.System,
            failures.Add, stop.Token);

        await passes.Started(2).WaitAsync(Patience);
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
        Assert.Equal("database down", Assert.Single(failures).Message);
    }

    [Fact]
    public async Task Without_a_signal_the_loop_polls_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider();
        var passes = new Passes(_ => new LeasePass(Full: false));
        using var stop = new CancellationTokenSource();

        var loop = LeaseLoop.RunAsync(passes.RunAsync, wake: null, () => TimeSpan.FromSeconds(2), clock, _ => { }, stop.Token);
        await passes.Started(1).WaitAsync(Patience);
        var second = passes.Started(2);
        Assert.False(second.IsCompleted);

        // The timer is registered once the first pass returned; advancing past it runs the second pass.
        while (!second.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(10)));
        }
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
        Assert.Equal(2, passes.Count);
    }

    [Fact]
    public async Task Stopping_ends_a_loop_that_is_waiting()
    {
        var passes = new Passes(_ => new LeasePass(Full: false));
        using var stop = new CancellationTokenSource();
        var loop = LeaseLoop.RunAsync(passes.RunAsync, new Signal(), () => Never, TimeProvider.System, _ => { }, stop.Token);
        await passes.Started(1).WaitAsync(Patience);

        await stop.CancelAsync();

        await loop.WaitAsync(Patience);
        Assert.True(loop.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Handed_over_work_comes_in_batches_and_a_failed_batch_does_not_stop_the_next()
    {
        var handedOver = Channel.CreateUnbounded<int>();
        var worked = new List<int>();
        var failed = new List<int>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        for (var i = 1; i <= 5; i++)
        {
            handedOver.Writer.TryWrite(i);
        }

        var loop = LeaseLoop.RunHandedOverAsync(handedOver.Reader, batchSize: 3, (batch, _) =>
        {
            if (batch.Contains(1))
            {
                throw new InvalidOperationException("recording failed");
            }
            // The marker may come in a batch of its own or with the rest.
            worked.AddRange(batch.Where(item => item != 99));
            if (batch.Contains(99))
            {
                last.SetResult();
            }
            return Task.CompletedTask;
        }, (_, count) => failed.Add(count), stop.Token);
        await Task.Yield();
        handedOver.Writer.TryWrite(99);
        await last.Task.WaitAsync(Patience);

        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
        Assert.Equal([3], failed);
        Assert.Equal([4, 5], worked);
    }
}
