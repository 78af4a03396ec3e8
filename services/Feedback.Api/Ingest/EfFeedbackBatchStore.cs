using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Data;
using Nojor.Messaging.Outbox;

namespace Nojor.Feedback.Ingest;

/// <summary>
/// One SaveChanges per batch: EF sends the rows and their outbox events in as few round trips as its batching
/// allows, inside one implicit transaction, so every event exists if and only if its row does. The beta overview's
/// cached counts are invalidated once per batch instead of once per submission.
/// </summary>
internal sealed class EfFeedbackBatchStore(IServiceScopeFactory scopes, AggregateCache cache, TimeProvider clock) : IFeedbackBatchStore
{
    public async Task SaveAsync(IReadOnlyList<FeedbackSubmission> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var writerActivity = Activity.Current;
        try
        {
            foreach (var submission in batch)
            {
                db.BetaFeedback.Add(submission.Feedback);
                // The outbox row records the current trace; make that the request's, not this writer's.
                Activity.Current = submission.Origin;
                db.AddIntegrationEvent(submission.Event, clock);
            }
        }
        finally
        {
            Activity.Current = writerActivity;
        }
        await db.SaveChangesAsync(cancellationToken);
        // Once per batch, and before any of its requests is answered: a reader who got 201 sees the new counts.
        await cache.InvalidateAsync(AggregateScopes.BetaOverview);
    }

    public async Task<bool> IsStoredAsync(Guid feedbackId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        return await db.BetaFeedback.AnyAsync(f => f.Id == feedbackId, cancellationToken);
    }
}
