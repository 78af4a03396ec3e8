using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nojor.Messaging.Outbox;

/// <summary>Publishes rows handed over at commit as soon as they arrive, in batches of whatever has queued up meanwhile.</summary>
internal sealed partial class OutboxHandOffService(
    OutboxHandOff handOff,
    OutboxRelay relay,
    IOptions<OutboxOptions> options,
    ILogger<OutboxHandOffService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LeaseLoop.RunHandedOverAsync(handOff.Committed, options.Value.BatchSize,
                (batch, cancellationToken) => relay.RelayHandedOffAsync(batch, cancellationToken),
                // The outcome could not be written (database unreachable): the rows stay reserved and unmarked, so the
                // table's relay publishes them again once the reservation ends; consumers drop the duplicate.
                (ex, count) => LogHandOffFailed(logger, ex, count), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {Count} handed-off outbox messages failed; the table's relay takes them over")]
    private static partial void LogHandOffFailed(ILogger logger, Exception exception, int count);
}
