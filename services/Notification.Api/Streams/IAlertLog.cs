namespace Nojor.Notifications.Streams;

/// <summary>The committed alerts in sequence order, as the stream hub reads them to fill a gap and while Redis is down.</summary>
public interface IAlertLog
{
    /// <summary>
    /// At most <paramref name="limit"/> committed alerts whose sequence lies between <paramref name="after"/> and
    /// <paramref name="before"/> (both excluded), lowest first.
    /// </summary>
    Task<IReadOnlyList<StreamedAlert>> ReadAsync(long after, long before, int limit, CancellationToken cancellationToken);

    /// <summary>The highest sequence of an alert created before <paramref name="createdBefore"/> (any, when null); 0 if none.</summary>
    Task<long> LatestAsync(DateTimeOffset? createdBefore, CancellationToken cancellationToken);
}
