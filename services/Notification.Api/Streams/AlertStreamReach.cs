namespace Nojor.Notifications.Streams;

/// <summary>
/// How many stream clients of one instance an alert reached (written and flushed to them), recorded from
/// <see cref="StreamReach"/>. One row per alert and instance: each instance adds its own clients, and the editors' view adds
/// the instances up.
/// </summary>
public sealed class AlertStreamReach
{
    public long AlertSequence { get; init; }

    /// <summary>The instance whose clients these are (<see cref="Nojor.Messaging.ServiceInstance.Name"/>).</summary>
    public required string Instance { get; init; }

    public int Clients { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
