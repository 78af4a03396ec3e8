using MassTransit;

namespace Nojor.Messaging;

/// <summary>
/// Measures consumer lag: how long each event waited between its publication (the relay's publish, stamped by MassTransit)
/// and the first time a consumer of this service took it. Retries of a failing consumer are not counted again: their
/// wait is the retry policy's, not the broker's.
/// </summary>
internal sealed class ConsumeLagObserver(MessagingMetrics metrics, TimeProvider clock) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.SentTime is { } sentAt && context.GetRetryAttempt() == 0)
        {
            metrics.Consumed(typeof(T).Name, clock.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(sentAt, DateTimeKind.Utc)));
        }
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
