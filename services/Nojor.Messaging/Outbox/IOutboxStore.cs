namespace Nojor.Messaging.Outbox;

/// <summary>Where outbox rows live; claiming locks them so concurrent relays never publish the same row at once.</summary>
public interface IOutboxStore
{
    Task<IOutboxBatch> ClaimDueAsync(int maxCount, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the outcome of rows published without a claim (handed over at commit): the publish time of those
    /// confirmed, the attempt count, error and next attempt of those that failed. Rows not attempted stay as they are.
    /// </summary>
    Task RecordAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>Deletes rows confirmed before <paramref name="publishedBefore"/>; returns how many.</summary>
    Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken);

    /// <summary>How many rows wait for the broker's confirm (whichever relay holds them) and when the oldest occurred.</summary>
    Task<OutboxBacklog> ReadBacklogAsync(CancellationToken cancellationToken);
}

/// <summary>Claimed rows; changes made to them are saved and the claim released by <see cref="CompleteAsync"/>.</summary>
public interface IOutboxBatch : IAsyncDisposable
{
    IReadOnlyList<OutboxMessage> Messages { get; }

    Task CompleteAsync(CancellationToken cancellationToken);
}
