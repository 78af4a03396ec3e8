namespace Nojor.Feedback.Ingest;

/// <summary>
/// Commits a batch and settles every submission in it. If the batch transaction fails, each submission is retried
/// in a transaction of its own, so one bad row (or a transient failure) fails only the submissions that really
/// could not be stored, and none is reported committed unless it is.
/// </summary>
public sealed partial class FeedbackBatchWriter(IFeedbackBatchStore store, ILogger<FeedbackBatchWriter> logger)
{
    /// <summary>Settles every submission in <paramref name="batch"/>; returns how many were committed.</summary>
    public async Task<int> WriteAsync(IReadOnlyList<FeedbackSubmission> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        try
        {
            await store.SaveAsync(batch, cancellationToken);
            foreach (var submission in batch)
            {
                submission.MarkCommitted();
            }
            return batch.Count;
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            LogBatchFailed(logger, ex, batch.Count);
        }
        catch (Exception ex)
        {
            await SettleFailedAsync(batch[0], ex, cancellationToken);
            return batch[0].Committed.IsCompletedSuccessfully ? 1 : 0;
        }

        var committed = 0;
        foreach (var submission in batch)
        {
            try
            {
                await store.SaveAsync([submission], cancellationToken);
                submission.MarkCommitted();
            }
            catch (Exception ex)
            {
                await SettleFailedAsync(submission, ex, cancellationToken);
            }
            committed += submission.Committed.IsCompletedSuccessfully ? 1 : 0;
        }
        return committed;
    }

    /// <summary>
    /// A failed write may still have committed (the connection can drop after COMMIT reached the server): the row
    /// then exists and the submission is reported committed, never as failed and certainly never as lost.
    /// </summary>
    private async Task SettleFailedAsync(FeedbackSubmission submission, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            if (await store.IsStoredAsync(submission.Feedback.Id, cancellationToken))
            {
                submission.MarkCommitted();
                return;
            }
        }
        catch (Exception checkError)
        {
            LogCheckFailed(logger, checkError, submission.Feedback.Id);
        }
        LogSubmissionFailed(logger, error, submission.Feedback.Id);
        submission.MarkFailed(error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing a batch of {Count} feedback submissions failed; retrying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feedback submission {FeedbackId} could not be stored")]
    private static partial void LogSubmissionFailed(ILogger logger, Exception exception, Guid feedbackId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check whether feedback submission {FeedbackId} was stored")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, Guid feedbackId);
}
