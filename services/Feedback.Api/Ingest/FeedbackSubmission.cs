using System.Diagnostics;
using Nojor.Contracts;
using Nojor.Feedback.Beta;

namespace Nojor.Feedback.Ingest;

/// <summary>
/// One accepted-for-writing submission: the row, its event, and the promise the request awaits. The request
/// answers 201 only once <see cref="Committed"/> completes, i.e. after the transaction holding the row and its
/// outbox event committed.
/// </summary>
public sealed class FeedbackSubmission(BetaFeedback feedback, FeedbackReceived receivedEvent, Activity? origin)
{
    // Continuations run on the thread pool, never inline on the writer that completes a whole batch.
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BetaFeedback Feedback { get; } = feedback;

    public FeedbackReceived Event { get; } = receivedEvent;

    /// <summary>The request's trace, so the outbox event (written on the writer's thread) continues it.</summary>
    public Activity? Origin { get; } = origin;

    public Task Committed => _committed.Task;

    public void MarkCommitted() => _committed.TrySetResult();

    public void MarkFailed(Exception error) => _committed.TrySetException(error);
}
