using Microsoft.Extensions.Time.Testing;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Streams;

namespace Nojor.UnitTests.Notifications;

public sealed class AlertSequencerTests
{
    [Fact]
    public async Task An_alert_that_comes_ahead_of_the_one_before_it_is_handed_out_after_it_and_the_late_one_is_not_repeated()
    {
        var log = new Log(10);
        var (sequencer, handedOut) = Start(log);
        await sequencer.StartAsync(CancellationToken.None);
        log.Commit(11, 12);

        await sequencer.OfferAsync(Alert(12), CancellationToken.None);
        await sequencer.OfferAsync(Alert(11), CancellationToken.None);
        await sequencer.OfferAsync(Alert(12), CancellationToken.None);

        Assert.Equal([11, 12], handedOut);
    }

    [Fact]
    public async Task A_sequence_a_rolled_back_insert_took_is_passed_over_without_waiting_for_it()
    {
        var log = new Log(10);
        var (sequencer, handedOut) = Start(log);
        await sequencer.StartAsync(CancellationToken.None);
        log.Commit(12); // 11 rolled back: it never commits

        await sequencer.OfferAsync(Alert(12), CancellationToken.None);
        log.Commit(13);
        await sequencer.OfferAsync(Alert(13), CancellationToken.None);

        Assert.Equal([12, 13], handedOut);
        Assert.Equal(1, log.Reads);
    }

    [Fact]
    public async Task Alerts_that_come_one_after_another_are_handed_out_without_reading_the_log()
    {
        var log = new Log(10);
        var (sequencer, handedOut) = Start(log);
        await sequencer.StartAsync(CancellationToken.None);

        await sequencer.OfferAsync(Alert(11), CancellationToken.None);
        await sequencer.OfferAsync(Alert(12), CancellationToken.None);

        Assert.Equal([11, 12], handedOut);
        Assert.Equal(0, log.Reads);
    }

    [Fact]
    public async Task A_fresh_start_hands_out_nothing_committed_before_it()
    {
        var log = new Log(8, 9, 10);
        var (sequencer, handedOut) = Start(log);
        await sequencer.StartAsync(CancellationToken.None);

        await sequencer.OfferAsync(Alert(10), CancellationToken.None);
        log.Commit(11, 12);
        await sequencer.OfferAsync(Alert(12), CancellationToken.None);

        Assert.Equal([11, 12], handedOut);
    }

    [Fact]
    public async Task A_gap_wider_than_a_page_is_read_page_by_page()
    {
        var log = new Log(10);
        var (sequencer, handedOut) = Start(log, pageSize: 2);
        await sequencer.StartAsync(CancellationToken.None);
        log.Commit(11, 12, 13, 14, 15, 16);

        await sequencer.OfferAsync(Alert(16), CancellationToken.None);

        Assert.Equal([11, 12, 13, 14, 15, 16], handedOut);
    }

    [Fact]
    public async Task Catching_up_hands_out_what_was_committed_after_the_last_one_whichever_way_that_came()
    {
        var log = new Log(10);
        var (sequencer, handedOut) = Start(log, pageSize: 2);
        await sequencer.StartAsync(CancellationToken.None);
        log.Commit(11, 12, 13, 14, 15);

        await sequencer.OfferAsync(Alert(11), CancellationToken.None);
        await sequencer.CatchUpAsync(CancellationToken.None);
        await sequencer.OfferAsync(Alert(14), CancellationToken.None);
        log.Commit(17);
        await sequencer.CatchUpAsync(CancellationToken.None);

        Assert.Equal([11, 12, 13, 14, 15, 17], handedOut);
    }

    [Fact]
    public async Task An_alert_whose_gap_cannot_be_read_waits_for_it_and_catching_up_hands_both_out_in_order()
    {
        var log = new Log(10);
        var (sequencer, handedOut) = Start(log);
        await sequencer.StartAsync(CancellationToken.None);
        log.Commit(11, 12);
        log.Unreachable = true;

        await Assert.ThrowsAsync<IOException>(() => sequencer.OfferAsync(Alert(12), CancellationToken.None));
        Assert.Empty(handedOut);
        Assert.True(sequencer.IsBehind);

        log.Unreachable = false;
        await sequencer.CatchUpAsync(CancellationToken.None);
        await sequencer.OfferAsync(Alert(12), CancellationToken.None);

        Assert.Equal([11, 12], handedOut);
        Assert.False(sequencer.IsBehind);
    }

    [Fact]
    public async Task Without_a_starting_point_the_first_alert_hands_out_those_from_shortly_before_the_start_and_none_older()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T04:00:00Z"));
        var log = new Log();
        log.CommitAt(clock.GetUtcNow() - AlertSequencer.StartUncertainty - TimeSpan.FromSeconds(1), 10);
        log.CommitAt(clock.GetUtcNow() - TimeSpan.FromSeconds(5), 11);
        var (sequencer, handedOut) = Start(log, clock: clock);
        log.Unreachable = true;
        await Assert.ThrowsAsync<IOException>(() => sequencer.StartAsync(CancellationToken.None));
        log.Unreachable = false;
        clock.Advance(TimeSpan.FromMinutes(5));
        log.CommitAt(clock.GetUtcNow(), 12, 13);

        await sequencer.OfferAsync(Alert(13), CancellationToken.None);

        Assert.Equal([11, 12, 13], handedOut);
    }

    private static (AlertSequencer Sequencer, List<long> HandedOut) Start(Log log, int pageSize = 100, TimeProvider? clock = null)
    {
        var handedOut = new List<long>();
        return (new AlertSequencer(log, pageSize, alert => handedOut.Add(alert.Sequence), clock ?? TimeProvider.System), handedOut);
    }

    private static StreamedAlert Alert(long sequence) =>
        new(sequence, AlertTypes.Breaking, new AlertFacts(true, 1, "world", [], [], null, null), $"{{\"sequence\":{sequence}}}");

    /// <summary>The committed alerts, as the database would return them.</summary>
    private sealed class Log : IAlertLog
    {
        private readonly SortedDictionary<long, DateTimeOffset> _committed = [];

        public Log(params long[] committed) => Commit(committed);

        public bool Unreachable { get; set; }

        public int Reads { get; private set; }

        public void Commit(params long[] sequences) => CommitAt(DateTimeOffset.UtcNow, sequences);

        public void CommitAt(DateTimeOffset createdAt, params long[] sequences)
        {
            foreach (var sequence in sequences)
            {
                _committed.Add(sequence, createdAt);
            }
        }

        public Task<IReadOnlyList<StreamedAlert>> ReadAsync(long after, long before, int limit, CancellationToken cancellationToken)
        {
            ThrowIfUnreachable();
            Reads++;
            return Task.FromResult<IReadOnlyList<StreamedAlert>>(
                [.. _committed.Keys.Where(s => s > after && s < before).Take(limit).Select(Alert)]);
        }

        public Task<long> LatestAsync(DateTimeOffset? createdBefore, CancellationToken cancellationToken)
        {
            ThrowIfUnreachable();
            return Task.FromResult(_committed.Where(c => createdBefore is null || c.Value < createdBefore).Select(c => c.Key)
                .DefaultIfEmpty(0).Max());
        }

        private void ThrowIfUnreachable()
        {
            if (Unreachable)
            {
                throw new IOException("The database is away.");
            }
        }
    }
}
