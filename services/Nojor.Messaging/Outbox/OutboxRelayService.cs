using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nojor.Messaging.Outbox;

/// <summary>Runs the relay whenever a commit signals new rows, and on a slow poll as a safety net.</summary>
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPurge = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var runAgainAtOnce = false;
            try
            {
                var pass = await relay.RelayDueAsync(stoppingToken);
                // A full batch that went through means more rows are probably waiting.
                runAgainAtOnce = pass.Failed == 0 && pass.Claimed == options.Value.BatchSize;

                if (clock.GetUtcNow() >= nextPurge)
                {
                    nextPurge = clock.GetUtcNow() + PurgeEvery;
                    await store.PurgePublishedAsync(clock.GetUtcNow() - KeepPublishedFor, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is unreachable or similar: the rows are safe where they are; try again later.
                LogRelayFailed(logger, ex);
            }

            if (!runAgainAtOnce)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay pass failed; retrying on the next poll")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
