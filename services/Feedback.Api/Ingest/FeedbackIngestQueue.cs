using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Nojor.Feedback.Ingest;

/// <summary>The bounded hand-over between requests and the writers.</summary>
public sealed class FeedbackIngestQueue(IOptions<IngestOptions> options)
{
    private readonly Channel<FeedbackSubmission> _channel = Channel.CreateBounded<FeedbackSubmission>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<FeedbackSubmission> Reader => _channel.Reader;

    /// <summary>
    /// Queues the submission, waiting for room while the queue is full. False once the service is shutting down:
    /// the submission was not taken and the caller must not report it accepted.
    /// </summary>
    public async ValueTask<bool> TryEnqueueAsync(FeedbackSubmission submission, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(submission, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Takes no more submissions; the writers still drain what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
