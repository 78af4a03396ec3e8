using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nojor.Messaging.Outbox;

/// <summary>The result of one relay pass.</summary>
public readonly record struct RelayPass(int Claimed, int Published, int Failed);

/// <summary>
/// Publishes due outbox rows and marks each one only after the broker confirmed it.
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
        var pass = await PublishAllAsync(batch.Messages, cancellationToken);
        // Record what was confirmed even if the host is stopping: a row published but not marked
        // would be sent again (consumers deduplicate it, but there is no reason to).
        await batch.CompleteAsync(CancellationToken.None);
        return pass;
    }

    /// <summary>
    /// Publishes rows handed over in memory at commit (see <see cref="OutboxHandOff"/>) without claiming them: they are
    /// reserved for this process. The outcome is written like a claimed batch's; a row whose publish failed is due for
    /// the table's relay at its next attempt.
    /// </summary>
    public async Task<RelayPass> RelayHandedOffAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var pass = await PublishAllAsync(messages, cancellationToken);
        await store.RecordAsync(messages, CancellationToken.None);
        return pass;
    }

    /// <summary>Publishes every message and writes the outcome onto each: published, or failed with its next attempt.</summary>
    private async Task<RelayPass> PublishAllAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // The whole batch goes out at once and the confirms are awaited together: waiting for each confirm before the
        // next publish would put every event behind the round trips of those claimed before it. Consumers never
        // relied on the order (they are idempotent and guard on versions; retries and several relays reorder anyway).
        var publishes = new Task[messages.Count];
        for (var i = 0; i < publishes.Length; i++)
        {
            publishes[i] = PublishWithTimeoutAsync(messages[i], settings.PublishTimeout, cancellationToken);
        }
        try
        {
            await Task.WhenAll(publishes);
        }
        catch
        {
            // Each failure is recorded on its own row below.
        }

        int published = 0, failed = 0;
        for (var i = 0; i < publishes.Length; i++)
        {
            var message = messages[i];
            if (publishes[i].IsCompletedSuccessfully)
            {
                message.PublishedAt = clock.GetUtcNow();
                published++;
                continue;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                // Cut off by shutdown, not failed: the row stays due for the next relay as it was.
                continue;
            }
            var error = publishes[i].Exception?.GetBaseException() ?? new TaskCanceledException("The publish timed out.");
            message.Attempts++;
            message.LastError = error.Message.Length > MaxErrorLength ? error.Message[..MaxErrorLength] : error.Message;
            message.NextAttemptAt = clock.GetUtcNow() + RetryDelay(message.Attempts, settings);
            failed++;
            LogPublishFailed(logger, error, message.Id, message.MessageType, message.Attempts, message.NextAttemptAt);
        }
        return new RelayPass(messages.Count, published, failed);
    }

    private async Task PublishWithTimeoutAsync(OutboxMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // On the injected clock, like every other time the relay keeps (published-at, next attempts).
        using var expiry = new CancellationTokenSource(timeout, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        await publisher.PublishAsync(message, deadline.Token);
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
