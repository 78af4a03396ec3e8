using Nojor.Notifications.Alerts;

namespace Nojor.Notifications.Streams;

/// <summary>Hands a committed alert to the live streams of every instance.</summary>
public interface IAlertBroadcaster
{
    Task PublishAsync(Alert alert, CancellationToken cancellationToken);
}
