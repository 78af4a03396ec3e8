namespace Nojor.Messaging.Outbox;

/// <summary>Where outbox rows live; claiming locks them so concurrent relays never publish the same row at once.</summary>
public interface IOutboxStore
{
    Task<IOutboxBatch> ClaimDueAsync(int maxCount, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes rows confirmed before <paramref name="publishedBefore"/>; returns how many.</summary>
    Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken);
}

/// <summary>Claimed rows; changes made to them are saved and the claim released by <see cref="CompleteAsync"/>.</summary>
public interface IOutboxBatch : IAsyncDisposable
{
    IReadOnlyList<OutboxMessage> Messages { get; }

    Task CompleteAsync(CancellationToken cancellationToken);
}
