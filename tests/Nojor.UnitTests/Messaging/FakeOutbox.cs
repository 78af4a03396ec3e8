using Nojor.Messaging;
using Nojor.Messaging.Outbox;

namespace Nojor.UnitTests.Messaging;

/// <summary>An outbox store over a list: claims what is due, in order, and counts completed batches.</summary>
internal sealed class FakeOutboxStore : IOutboxStore
{
    public List<OutboxMessage> Rows { get; } = [];

    public int CompletedBatches { get; private set; }

    /// <summary>Rows whose outcome was written without a claim (handed over at commit).</summary>
    public List<OutboxMessage> Recorded { get; } = [];

    public Task<IOutboxBatch> ClaimDueAsync(int maxCount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Rows.Where(r => r.PublishedAt is null && r.NextAttemptAt <= now).OrderBy(r => r.OccurredAt).Take(maxCount).ToList();
        return Task.FromResult<IOutboxBatch>(new Batch(due, () => CompletedBatches++));
    }

    public Task RecordAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        Recorded.AddRange(messages);
        return Task.CompletedTask;
    }

    public Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken) =>
        Task.FromResult(Rows.RemoveAll(r => r.PublishedAt < publishedBefore));

    public Task<OutboxBacklog> ReadBacklogAsync(CancellationToken cancellationToken)
    {
        var waiting = Rows.Where(r => r.PublishedAt is null).ToList();
        return Task.FromResult(new OutboxBacklog(waiting.Count, waiting.Count > 0 ? waiting.Min(r => r.OccurredAt) : null));
    }

    public OutboxMessage Add(string body, DateTimeOffset at)
    {
        var row = new OutboxMessage { Id = Guid.NewGuid(), MessageType = "T", Body = body, OccurredAt = at, NextAttemptAt = at };
        Rows.Add(row);
        return row;
    }

    private sealed class Batch(List<OutboxMessage> messages, Action completed) : IOutboxBatch
    {
        public IReadOnlyList<OutboxMessage> Messages => messages;

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            completed();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A broker that can be told to refuse or to hang, recording what it confirmed.</summary>
internal sealed class FakeBroker : IOutboxPublisher
{
    private readonly Lock _gate = new();
    private readonly List<Guid> _confirmed = [];
    private readonly List<Guid> _started = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _startWaiters = [];

    public IReadOnlyList<Guid> Confirmed
    {
        get { lock (_gate) { return [.. _confirmed]; } }
    }

    public bool Down { get; set; }

    public bool Hangs { get; set; }

    /// <summary>Rows the broker refuses while the others go through.</summary>
    public HashSet<Guid> Refused { get; } = [];

    /// <summary>When set, confirms are held back until it completes.</summary>
    public TaskCompletionSource? HoldConfirms { get; set; }

    /// <summary>Completes once <paramref name="count"/> publishes have reached the broker: a signal, not a poll.</summary>
    public Task StartedAsync(int count)
    {
        lock (_gate)
        {
            if (_started.Count >= count)
            {
                return Task.CompletedTask;
            }
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _startWaiters.Add((count, reached));
            return reached.Task;
        }
    }

    public async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _started.Add(message.Id);
            foreach (var waiter in _startWaiters.Where(w => w.Count <= _started.Count).ToList())
            {
                waiter.Reached.SetResult();
                _startWaiters.Remove(waiter);
            }
        }
        if (Hangs)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        if (HoldConfirms is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }
        if (Down || Refused.Contains(message.Id))
        {
            throw new InvalidOperationException("broker unreachable");
        }
        lock (_gate)
        {
            _confirmed.Add(message.Id);
        }
    }
}
