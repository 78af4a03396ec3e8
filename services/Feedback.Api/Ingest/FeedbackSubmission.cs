using System.Diagnostics;
using Nojor.Contracts;
using Nojor.Feedback.Beta;
using Nojor.Messaging.Outbox;

namespace Nojor.Feedback.Ingest;

/// <summary>
/// One accepted-for-writing submission: the row, its outbox event, and the promise the request awaits. The request
/// answers 201 only once <see cref="Committed"/> completes, i.e. after the transaction holding the row and its
/// outbox event committed.
/// </summary>
/// <param name="origin">The request's trace, which the event continues through the broker.</param>
public sealed class FeedbackSubmission(BetaFeedback feedback, FeedbackReceived receivedEvent, Activity? origin)
{
    // Continuations run on the thread pool, never inline on the writer that completes a whole batch.
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BetaFeedback Feedback { get; } = feedback;

    /// <summary>The outbox row, built (and its body serialized) on the request's thread rather than the writer's.</summary>
    public OutboxMessage Outbox { get; } = OutboxMessage.For(receivedEvent, feedback.ReceivedAt, origin?.Id);

    public Task Committed => _committed.Task;

    public void MarkCommitted() => _committed.TrySetResult();

    public void MarkFailed(Exception error) => _committed.TrySetException(error);
}
