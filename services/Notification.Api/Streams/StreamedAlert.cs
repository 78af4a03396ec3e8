using Nojor.Notifications.Alerts;

namespace Nojor.Notifications.Streams;

/// <summary>An alert as it travels over the Redis backplane to every instance's stream clients.</summary>
public sealed record StreamedAlert(long Sequence, string Type, AlertFacts Facts, string Payload)
{
    public static StreamedAlert From(Alert alert) => new(alert.Sequence, alert.Type, alert.Facts, alert.Payload);
}
