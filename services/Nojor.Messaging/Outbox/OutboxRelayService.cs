using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nojor.Messaging.Outbox;

/// <summary>Runs the relay whenever a commit signals new rows, and on a slow poll as a safety net (see <see cref="LeaseLoop"/>).</summary>
internal sealed partial class OutboxRelayService(
    OutboxRelay relay,
    IOutboxStore store,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan KeepPublishedFor = TimeSpan.FromDays(7);

    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LeaseLoop.RunAsync(RelayAsync, signal, () => options.Value.PollInterval, clock, ex => LogRelayFailed(logger, ex), stoppingToken);

    private async Task<LeasePass> RelayAsync(CancellationToken stoppingToken)
    {
        var pass = await relay.RelayDueAsync(stoppingToken);
        if (clock.GetUtcNow() >= _nextPurge)
        {
            _nextPurge = clock.GetUtcNow() + PurgeEvery;
            await store.PurgePublishedAsync(clock.GetUtcNow() - KeepPublishedFor, stoppingToken);
        }
        // A full batch that went through means more rows are probably waiting; one with failures waits for the poll.
        return new LeasePass(Full: pass.Failed == 0 && pass.Claimed == options.Value.BatchSize);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay pass failed; retrying on the next poll")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
