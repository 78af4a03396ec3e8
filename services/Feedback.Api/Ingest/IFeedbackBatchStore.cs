namespace Nojor.Feedback.Ingest;

/// <summary>Where submissions are written; one call is one transaction.</summary>
public interface IFeedbackBatchStore
{
    /// <summary>Stores every submission with its outbox event in one transaction, or throws and stores none.</summary>
    Task SaveAsync(IReadOnlyList<FeedbackSubmission> batch, CancellationToken cancellationToken);

    /// <summary>Whether the row is stored: a commit whose acknowledgement was lost may still have gone through.</summary>
    Task<bool> IsStoredAsync(Guid feedbackId, CancellationToken cancellationToken);
}
