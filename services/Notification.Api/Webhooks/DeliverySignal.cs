using System.Threading.Channels;
using Nojor.Messaging;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

/// <summary>
/// A delivery committed already leased for this instance, with the subscription it goes to as fan-out read it and the
/// message it sends (the alert's payload, which the delivery row does not repeat).
/// </summary>
public readonly record struct HandedOffDelivery(WebhookDelivery Delivery, Subscription Subscription, string Payload);

/// <summary>
/// Tells this instance's delivery worker about committed deliveries: those leased for it at commit are handed over in
/// memory (sent without being queried back), and <see cref="WakeSignal.Notify"/> wakes it for those it must lease.
/// </summary>
public sealed class DeliverySignal : WakeSignal
{
    private readonly Channel<HandedOffDelivery> _handedOff = Channel.CreateUnbounded<HandedOffDelivery>(new UnboundedChannelOptions
    {
        SingleReader = true,
    });

    internal ChannelReader<HandedOffDelivery> HandedOff => _handedOff.Reader;

    /// <summary>
    /// Hands over committed deliveries leased for this instance. Bounded by what fan-out leases per alert; should this
    /// process die first, their leases lapse and any instance's worker sends them.
    /// </summary>
    public void HandOver(IEnumerable<HandedOffDelivery> deliveries)
    {
        foreach (var delivery in deliveries)
        {
            _handedOff.Writer.TryWrite(delivery);
        }
    }
}
