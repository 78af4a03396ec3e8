using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nojor.Messaging.Outbox;

/// <summary>The result of one relay pass.</summary>
public readonly record struct RelayPass(int Claimed, int Published, int Failed);

/// <summary>
/// Publishes due outbox rows in order and marks each one only after the broker confirmed it.
/// A failed row is rescheduled with exponential backoff and kept until it goes through:
/// nothing is dropped, whatever the number of attempts.
/// </summary>
public sealed partial class OutboxRelay(
    IOutboxStore store,
    IOutboxPublisher publisher,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger)
{
    private const int MaxErrorLength = 2000;

    public async Task<RelayPass> RelayDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var batch = await store.ClaimDueAsync(settings.BatchSize, clock.GetUtcNow(), cancellationToken);
        int published = 0, failed = 0;
        foreach (var message in batch.Messages)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.PublishTimeout);
                await publisher.PublishAsync(message, timeout.Token);
                message.PublishedAt = clock.GetUtcNow();
                published++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > MaxErrorLength ? ex.Message[..MaxErrorLength] : ex.Message;
                message.NextAttemptAt = clock.GetUtcNow() + RetryDelay(message.Attempts, settings);
                failed++;
                LogPublishFailed(logger, ex, message.Id, message.MessageType, message.Attempts, message.NextAttemptAt);
                // The broker is most likely unreachable: leave the rest for the next pass, keeping their order.
                break;
            }
        }

        // Record what was confirmed even if the host is stopping: a row published but not marked
        // would be sent again (consumers deduplicate it, but there is no reason to).
        await batch.CompleteAsync(CancellationToken.None);
        return new RelayPass(batch.Messages.Count, published, failed);
    }

    /// <summary>Exponential backoff with ±20 % jitter so a fleet of relays does not retry in lockstep.</summary>
    public static TimeSpan RetryDelay(int attempts, OutboxOptions settings)
    {
        var exponent = Math.Min(attempts - 1, 20);
        var delay = settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent);
        delay = Math.Min(delay, settings.MaxRetryDelay.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(delay * jitter);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Publishing outbox message {MessageId} ({MessageType}) failed on attempt {Attempts}; next attempt at {NextAttemptAt}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, Guid messageId, string messageType, int attempts,
        DateTimeOffset nextAttemptAt);
}
