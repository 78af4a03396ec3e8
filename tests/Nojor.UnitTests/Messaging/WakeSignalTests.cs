using Nojor.Messaging;

namespace Nojor.UnitTests.Messaging;

public class WakeSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(50);

    private sealed class Signal : WakeSignal;

    [Fact]
    public async Task Many_notifications_before_a_wait_give_one_wake_up()
    {
        var signal = new Signal();
        for (var i = 0; i < 1000; i++)
        {
            signal.Notify();
        }

        await signal.WaitAsync(Patience, CancellationToken.None).WaitAsync(Patience);
        // A second pulse left over would complete the next wait at once, inside this call: no need to watch it for a while.
        var second = signal.WaitAsync(Patience, CancellationToken.None);
        Assert.False(second.IsCompleted);
        signal.Notify();
        await second.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_notification_after_a_wake_up_wakes_the_next_wait()
    {
        var signal = new Signal();
        signal.Notify();
        await signal.WaitAsync(Patience, CancellationToken.None);

        var waiting = signal.WaitAsync(Patience, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        signal.Notify();

        Assert.True(await Task.WhenAny(waiting, Task.Delay(Patience)) == waiting);
    }

    [Fact]
    public async Task Without_a_notification_the_wait_ends_at_its_timeout()
    {
        var signal = new Signal();
        var started = DateTime.UtcNow;

        await signal.WaitAsync(Moment, CancellationToken.None);

        Assert.True(DateTime.UtcNow - started >= Moment - TimeSpan.FromMilliseconds(5));
    }
}
