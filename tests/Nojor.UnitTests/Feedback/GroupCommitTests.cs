using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nojor.Contracts;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Ingest;

namespace Nojor.UnitTests.Feedback;

public sealed class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeStore _store = new();

    [Fact]
    public async Task A_batch_is_committed_in_one_write_and_every_submission_is_answered()
    {
        var batch = Submissions(5);

        var committed = await Writer().WriteAsync(batch, CancellationToken.None);

        Assert.Equal(5, committed);
        Assert.Equal([5], _store.BatchSizes);
        Assert.All(batch, s => Assert.True(s.Committed.IsCompletedSuccessfully));
        Assert.Equal(batch.Select(s => s.Feedback.Id).Order(), _store.Stored.Keys.Order());
    }

    [Fact]
    public async Task A_bad_row_fails_only_its_own_request_after_the_batch_is_retried_row_by_row()
    {
        var batch = Submissions(4);
        var bad = batch[2];
        _store.Fails = rows => rows.Contains(bad);

        var committed = await Writer().WriteAsync(batch, CancellationToken.None);

        Assert.Equal(3, committed);
        Assert.Equal([4, 1, 1, 1, 1], _store.BatchSizes);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bad.Committed);
        Assert.Equal(FakeStore.BadRowMessage, error.Message);
        Assert.All(batch.Where(s => s != bad), s => Assert.True(s.Committed.IsCompletedSuccessfully));
        Assert.Equal(batch.Where(s => s != bad).Select(s => s.Feedback.Id).Order(), _store.Stored.Keys.Order());
    }

    [Fact]
    public async Task When_nothing_can_be_stored_no_submission_is_reported_committed()
    {
        var batch = Submissions(3);
        _store.Fails = _ => true;

        Assert.Equal(0, await Writer().WriteAsync(batch, CancellationToken.None));

        Assert.All(batch, s => Assert.True(s.Committed.IsFaulted));
        Assert.Empty(_store.Stored);
    }

    [Fact]
    public async Task A_write_that_committed_before_its_error_reports_its_rows_committed_and_stores_them_once()
    {
        var batch = Submissions(3);
        _store.LoseAcknowledgement = true;

        Assert.Equal(3, await Writer().WriteAsync(batch, CancellationToken.None));

        Assert.All(batch, s => Assert.True(s.Committed.IsCompletedSuccessfully));
        Assert.All(_store.Stored.Values, writes => Assert.Equal(1, writes));
    }

    [Fact]
    public async Task Submissions_queued_while_a_batch_is_being_written_are_committed_together()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Gate = gate.Task;
        var (queue, service) = Service(writers: 1, maxBatchSize: 100);
        await service.StartAsync(CancellationToken.None);

        var first = Submissions(1);
        await queue.TryEnqueueAsync(first[0], CancellationToken.None);
        await WaitUntilAsync(() => _store.BatchSizes.Count == 1);
        var waiting = Submissions(50);
        foreach (var submission in waiting)
        {
            Assert.True(await queue.TryEnqueueAsync(submission, CancellationToken.None));
        }
        gate.SetResult();

        await Task.WhenAll(first.Concat(waiting).Select(s => s.Committed)).WaitAsync(Patience);
        Assert.Equal([1, 50], _store.BatchSizes);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Batches_never_exceed_the_configured_size()
    {
        var (queue, service) = Service(writers: 1, maxBatchSize: 8);
        var submissions = Submissions(30);
        foreach (var submission in submissions)
        {
            await queue.TryEnqueueAsync(submission, CancellationToken.None);
        }

        await service.StartAsync(CancellationToken.None);
        await Task.WhenAll(submissions.Select(s => s.Committed)).WaitAsync(Patience);

        Assert.Equal([8, 8, 8, 6], _store.BatchSizes);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_drains_every_queued_submission_and_refuses_new_ones()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Gate = gate.Task;
        var (queue, service) = Service(writers: 2, maxBatchSize: 16);
        await service.StartAsync(CancellationToken.None);
        var submissions = Submissions(200);
        await Task.WhenAll(submissions.Select(s => queue.TryEnqueueAsync(s, CancellationToken.None).AsTask()));

        var stopping = service.StopAsync(CancellationToken.None);
        Assert.False(await queue.TryEnqueueAsync(Submissions(1)[0], CancellationToken.None));
        gate.SetResult();
        await stopping.WaitAsync(Patience);

        Assert.All(submissions, s => Assert.True(s.Committed.IsCompletedSuccessfully));
        Assert.Equal(200, _store.Stored.Count);
        Assert.All(_store.BatchSizes, size => Assert.InRange(size, 1, 16));
    }

    private FeedbackBatchWriter Writer() => new(_store, NullLogger<FeedbackBatchWriter>.Instance);

    private (FeedbackIngestQueue Queue, FeedbackIngestService Service) Service(int writers, int maxBatchSize)
    {
        var options = Options.Create(new IngestOptions { Writers = writers, MaxBatchSize = maxBatchSize, QueueCapacity = 1000 });
        var queue = new FeedbackIngestQueue(options);
        return (queue, new FeedbackIngestService(queue, Writer(), options, NullLogger<FeedbackIngestService>.Instance));
    }

    private static List<FeedbackSubmission> Submissions(int count) => [.. Enumerable.Range(0, count).Select(n =>
    {
        var now = DateTimeOffset.UtcNow;
        var feedback = new BetaFeedback { Id = Guid.CreateVersion7(now), Kind = FeedbackKind.Idea, Text = $"Idea number {n}", ReceivedAt = now };
        return new FeedbackSubmission(feedback, new FeedbackReceived(feedback.Id, "idea", feedback.Text, null, now), null);
    })];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>A transactional store in memory: a batch is stored whole or not at all.</summary>
    private sealed class FakeStore : IFeedbackBatchStore
    {
        public const string BadRowMessage = "value too long for the column";
        private readonly Lock _lock = new();
        private readonly List<int> _batchSizes = [];

        public ConcurrentDictionary<Guid, int> Stored { get; } = new();

        public Func<IReadOnlyList<FeedbackSubmission>, bool> Fails { get; set; } = _ => false;

        /// <summary>Commit, then throw as if the connection dropped before the acknowledgement arrived.</summary>
        public bool LoseAcknowledgement { get; set; }

        public Task Gate { get; set; } = Task.CompletedTask;

        public List<int> BatchSizes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _batchSizes];
                }
            }
        }

        public async Task SaveAsync(IReadOnlyList<FeedbackSubmission> batch, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _batchSizes.Add(batch.Count);
            }
            await Gate;
            if (Fails(batch))
            {
                throw new InvalidOperationException(BadRowMessage);
            }
            if (batch.Any(s => Stored.ContainsKey(s.Feedback.Id)))
            {
                throw new InvalidOperationException("duplicate key value violates unique constraint");
            }
            foreach (var submission in batch)
            {
                Stored.AddOrUpdate(submission.Feedback.Id, 1, (_, writes) => writes + 1);
            }
            if (LoseAcknowledgement)
            {
                throw new IOException("connection reset after COMMIT");
            }
        }

        public Task<bool> IsStoredAsync(Guid feedbackId, CancellationToken cancellationToken) => Task.FromResult(Stored.ContainsKey(feedbackId));
    }
}
