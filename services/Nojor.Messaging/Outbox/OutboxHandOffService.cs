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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!handOff.Enabled)
        {
            return;
        }
        try
        {
            await foreach (var batch in handOff.Committed.ReadBatchesAsync(options.Value.BatchSize, stoppingToken))
            {
                try
                {
                    await relay.RelayHandedOffAsync(batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The outcome could not be written (database unreachable): the rows stay reserved and unmarked, so
                    // the table's relay publishes them again once the reservation ends; consumers drop the duplicate.
                    LogHandOffFailed(logger, ex, batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Rows still queued are reserved in the table; whichever relay runs after the reservation publishes them.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {Count} handed-off outbox messages failed; the table's relay takes them over")]
    private static partial void LogHandOffFailed(ILogger logger, Exception exception, int count);
}
