using Microsoft.Extensions.Options;

namespace Nojor.Feedback.Ingest;

/// <summary>
/// Runs the writers: each takes whatever is queued (up to the batch size) and commits it in one transaction.
/// On shutdown the queue is closed first, then the writers drain it, so every queued request still gets its answer.
/// </summary>
public sealed partial class FeedbackIngestService(
    FeedbackIngestQueue queue,
    FeedbackBatchWriter writer,
    IOptions<IngestOptions> options,
    ILogger<FeedbackIngestService> logger) : IHostedService
{
    private Task _writers = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writers = Task.WhenAll(Enumerable.Range(0, options.Value.Writers).Select(_ => Task.Run(WriteUntilDrainedAsync, CancellationToken.None)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        // If the host's shutdown timeout ends the wait, unanswered requests were never told 201: nothing accepted is lost.
        await _writers.WaitAsync(cancellationToken);
    }

    private async Task WriteUntilDrainedAsync()
    {
        var maxBatch = options.Value.MaxBatchSize;
        var batch = new List<FeedbackSubmission>(maxBatch);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < maxBatch && queue.Reader.TryRead(out var submission))
            {
                batch.Add(submission);
            }
            try
            {
                // Not cancelled on shutdown: the drain finishes what was queued.
                await writer.WriteAsync(batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The writer settles every submission itself; this only guards the loop against the unforeseen.
                LogWriterFault(logger, ex);
                foreach (var submission in batch)
                {
                    submission.MarkFailed(ex);
                }
            }
            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The feedback writer failed unexpectedly")]
    private static partial void LogWriterFault(ILogger logger, Exception exception);
}
