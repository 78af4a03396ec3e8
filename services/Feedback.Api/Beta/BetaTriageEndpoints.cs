using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Hosting;

namespace Nojor.Feedback.Beta;

public static class BetaTriageEndpoints
{
    public const int PublicReplyMaxLength = 5000;

    public static IEndpointRouteBuilder MapBetaTriageEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost($"{BetaFeedbackEndpoints.BasePath}/{{id:guid}}/triage", Triage).WithTags("Beta feedback").WithName("TriageBetaFeedback")
            .RequireAuthorization(EditorAuthentication.EditorPolicy)
            .WithSummary("Move beta feedback through triage (editors)")
            .WithDescription("new → triaged → planned → done | declined; declining is possible from triaged or planned. "
                + "An optional public reply is shown to readers. A move the workflow does not allow is 409.");
        return routes;
    }

    private static async Task<Results<Ok<FeedbackResponse>, ValidationProblem, ProblemHttpResult>> Triage(Guid id, TriageRequest request,
        FeedbackDbContext db, AggregateCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors()
            .RequireEnum<TriageStatus>("status", request.Status, out var target)
            .OptionalText("publicReply", request.PublicReply, PublicReplyMaxLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var feedback = await db.BetaFeedback.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.DeletedAt == null, cancellationToken);
        if (feedback is null)
        {
            return Problems.NotFound($"No feedback has the id {id}.");
        }
        if (!TriageWorkflow.CanMove(feedback.Status, target))
        {
            return Problems.Conflict($"Feedback that is {EnumNames.Of(feedback.Status)} cannot become {EnumNames.Of(target)}.");
        }

        var now = clock.GetUtcNow();
        var reply = string.IsNullOrWhiteSpace(request.PublicReply) ? feedback.PublicReply : request.PublicReply.Trim();
        // Conditional on the status we checked: of two editors moving the same item at once, one wins and the other gets 409.
        var moved = await db.BetaFeedback.Where(f => f.Id == id && f.Status == feedback.Status)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.Status, target).SetProperty(f => f.PublicReply, reply)
                .SetProperty(f => f.TriagedAt, now), cancellationToken);
        if (moved == 0)
        {
            return Problems.Conflict("Another editor changed this feedback at the same time; read it again.");
        }
        await cache.InvalidateAsync(AggregateScopes.BetaOverview);
        feedback.Status = target;
        feedback.PublicReply = reply;
        feedback.TriagedAt = now;
        var votes = await db.IdeaVotes.CountAsync(v => v.FeedbackId == id, cancellationToken);
        return TypedResults.Ok(FeedbackResponse.From(feedback, votes));
    }
}
