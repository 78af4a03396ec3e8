using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nojor.Messaging.Outbox;

namespace Nojor.UnitTests.Messaging;

public class OutboxRelayTests
{
    /// <summary>
    /// How long a test waits for a signal before calling it missing. The relay's own times (the publish timeout among
    /// them) run on the fake clock, which only the tests advance, so however slow the machine, none of them runs out
    /// while a test waits.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeOutboxStore _store = new();
    private readonly FakeBroker _broker = new();
    private readonly OutboxOptions _options = new() { BatchSize = 10, PublishTimeout = TimeSpan.FromMilliseconds(200) };

    private OutboxRelay Relay() => new(_store, _broker, Options.Create(_options), _clock, NullLogger<OutboxRelay>.Instance);

    [Fact]
    public async Task Publishes_due_rows_oldest_first_and_marks_them_only_when_confirmed()
    {
        var first = _store.Add("{}", _clock.GetUtcNow().AddSeconds(-2));
        var second = _store.Add("{}", _clock.GetUtcNow().AddSeconds(-1));

        var pass = await Relay().RelayDueAsync(CancellationToken.None);

        Assert.Equal(new RelayPass(2, 2, 0), pass);
        Assert.Equal([first.Id, second.Id], _broker.Confirmed);
        Assert.All(_store.Rows, r => Assert.Equal(_clock.GetUtcNow(), r.PublishedAt));
        Assert.Equal(1, _store.CompletedBatches);
    }

    [Fact]
    public async Task A_failed_publish_keeps_the_row_with_a_later_attempt()
    {
        var first = _store.Add("{}", _clock.GetUtcNow().AddSeconds(-2));
        var second = _store.Add("{}", _clock.GetUtcNow().AddSeconds(-1));
        _broker.Down = true;

        var pass = await Relay().RelayDueAsync(CancellationToken.None);

        Assert.Equal(2, pass.Failed);
        Assert.All([first, second], row =>
        {
            Assert.Null(row.PublishedAt);
            Assert.Equal(1, row.Attempts);
            Assert.Equal("broker unreachable", row.LastError);
            Assert.True(row.NextAttemptAt > _clock.GetUtcNow());
        });
        Assert.Empty(_broker.Confirmed);
        Assert.Equal(1, _store.CompletedBatches); // the failure itself is recorded
    }

    [Fact]
    public async Task One_refused_row_does_not_hold_back_the_rows_the_broker_confirmed()
    {
        var refused = _store.Add("{}", _clock.GetUtcNow().AddSeconds(-2));
        var accepted = _store.Add("{}", _clock.GetUtcNow().AddSeconds(-1));
        _broker.Refused.Add(refused.Id);

        var pass = await Relay().RelayDueAsync(CancellationToken.None);

        Assert.Equal(new RelayPass(2, 1, 1), pass);
        Assert.Null(refused.PublishedAt);
        Assert.Equal(1, refused.Attempts);
        Assert.NotNull(accepted.PublishedAt);
        Assert.Equal([accepted.Id], _broker.Confirmed);
    }

    [Fact]
    public async Task Publishes_the_whole_batch_before_waiting_for_confirms()
    {
        var rows = Enumerable.Range(0, 3).Select(i => _store.Add("{}", _clock.GetUtcNow().AddSeconds(i - 3))).ToList();
        _broker.HoldConfirms = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pass = Relay().RelayDueAsync(CancellationToken.None);
        // Every row's publish is on its way while no confirm has come back: a relay awaiting each confirm before the next
        // publish never gets there, and the wait fails.
        await _broker.StartedAsync(rows.Count).WaitAsync(Patience);
        var confirmedBeforeRelease = _broker.Confirmed.Count;
        _broker.HoldConfirms.SetResult();

        Assert.Equal(0, confirmedBeforeRelease);
        Assert.Equal(new RelayPass(3, 3, 0), await pass.WaitAsync(Patience));
        Assert.All(rows, r => Assert.NotNull(r.PublishedAt));
    }

    [Fact]
    public async Task Handed_off_rows_are_published_without_a_claim_and_their_outcome_recorded()
    {
        var reserved = _clock.GetUtcNow().AddSeconds(15);
        var confirmed = Reserved(reserved);
        var refused = Reserved(reserved);
        _broker.Refused.Add(refused.Id);

        var pass = await Relay().RelayHandedOffAsync([confirmed, refused], CancellationToken.None);

        Assert.Equal(new RelayPass(2, 1, 1), pass);
        Assert.Equal(0, _store.CompletedBatches); // nothing was claimed
        Assert.Equal([confirmed, refused], _store.Recorded);
        Assert.Equal(_clock.GetUtcNow(), confirmed.PublishedAt);
        Assert.Null(refused.PublishedAt);
        Assert.Equal(1, refused.Attempts);
        // A failed hand-off is due for the table's relay at its backoff, not at the end of the reservation.
        Assert.InRange(refused.NextAttemptAt, _clock.GetUtcNow(), reserved);
        Assert.Equal([confirmed.Id], _broker.Confirmed);
    }

    [Fact]
    public async Task A_handed_off_row_whose_publish_failed_is_then_relayed_from_the_table()
    {
        var row = Reserved(_clock.GetUtcNow().AddSeconds(15));
        _store.Rows.Add(row);
        _broker.Down = true;
        await Relay().RelayHandedOffAsync([row], CancellationToken.None);
        _broker.Down = false;

        _clock.Advance(_options.FirstRetryDelay * 2);
        var pass = await Relay().RelayDueAsync(CancellationToken.None);

        Assert.Equal(1, pass.Published);
        Assert.NotNull(row.PublishedAt);
        Assert.Equal([row.Id], _broker.Confirmed);
    }

    [Fact]
    public async Task Keeps_relaying_a_row_until_the_broker_confirms_it()
    {
        var row = _store.Add("{}", _clock.GetUtcNow());
        _broker.Down = true;
        var relay = Relay();
        for (var i = 0; i < 12; i++)
        {
            await relay.RelayDueAsync(CancellationToken.None);
            _clock.Advance(_options.MaxRetryDelay * 2);
        }
        Assert.Equal(12, row.Attempts);
        Assert.Null(row.PublishedAt);

        _broker.Down = false;
        await relay.RelayDueAsync(CancellationToken.None);

        Assert.NotNull(row.PublishedAt);
        Assert.Equal([row.Id], _broker.Confirmed);
    }

    [Fact]
    public async Task A_row_is_not_retried_before_its_backoff_has_passed()
    {
        var row = _store.Add("{}", _clock.GetUtcNow());
        _broker.Down = true;
        var relay = Relay();
        await relay.RelayDueAsync(CancellationToken.None);
        _broker.Down = false;

        var early = await relay.RelayDueAsync(CancellationToken.None);
        _clock.Advance(_options.FirstRetryDelay * 2);
        var late = await relay.RelayDueAsync(CancellationToken.None);

        Assert.Equal(0, early.Claimed);
        Assert.Equal(1, late.Published);
        Assert.NotNull(row.PublishedAt);
    }

    [Fact]
    public async Task A_broker_that_never_confirms_counts_as_a_failure_once_the_publish_timeout_has_passed_and_not_before()
    {
        var row = _store.Add("{}", _clock.GetUtcNow());
        _broker.Hangs = true;

        var relaying = Relay().RelayDueAsync(CancellationToken.None);
        await _broker.StartedAsync(1).WaitAsync(Patience);
        // The fake clock fires timers inside Advance: short of the timeout nothing has fired, so nothing can have ended.
        _clock.Advance(_options.PublishTimeout - TimeSpan.FromTicks(1));
        Assert.False(relaying.IsCompleted, "the publish was given up before its timeout");
        _clock.Advance(TimeSpan.FromTicks(1));
        var pass = await relaying.WaitAsync(Patience);

        Assert.Equal(1, pass.Failed);
        Assert.Null(row.PublishedAt);
        Assert.Equal(1, row.Attempts);
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(4, 4000)]
    [InlineData(30, 30000)]
    public void Retry_delay_doubles_up_to_the_cap_with_bounded_jitter(int attempts, double expectedMs)
    {
        var delay = OutboxRelay.RetryDelay(attempts, new OutboxOptions());
        Assert.InRange(delay.TotalMilliseconds, expectedMs * 0.8, expectedMs * 1.2);
    }

    private OutboxMessage Reserved(DateTimeOffset until) => new()
    {
        Id = Guid.NewGuid(),
        MessageType = "T",
        Body = "{}",
        OccurredAt = _clock.GetUtcNow(),
        NextAttemptAt = until,
    };
}
