using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Nojor.Messaging.Outbox;

/// <summary>
/// Rows this process has just committed, passed to the relay in memory. The commit interceptors put them here and
/// <see cref="OutboxHandOffService"/> publishes them, so an event does not wait for a wake-up and a claim query.
/// The rows were written reserved for <see cref="OutboxOptions.HandOffReservation"/>: until then no table relay
/// takes them, and after it any relay does, which is what recovers a row whose process died holding it.
/// </summary>
public sealed class OutboxHandOff
{
    private readonly Channel<OutboxMessage> _committed;

    public OutboxHandOff(IOptions<OutboxOptions> options)
    {
        _committed = Channel.CreateBounded<OutboxMessage>(new BoundedChannelOptions(options.Value.HandOffCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    internal ChannelReader<OutboxMessage> Committed => _committed.Reader;

    /// <summary>Hands committed rows over; a row that finds the queue full stays reserved and goes out from the table later.</summary>
    public void Add(IEnumerable<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            _committed.Writer.TryWrite(message);
        }
    }
}
