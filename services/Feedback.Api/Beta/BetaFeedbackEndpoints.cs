using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Contracts;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Feedback.Ingest;
using Nojor.Feedback.Readers;
using Nojor.Hosting;

namespace Nojor.Feedback.Beta;

public static class BetaFeedbackEndpoints
{
    public const string BasePath = "/api/feedback";

    public static IEndpointRouteBuilder MapBetaFeedbackEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Beta feedback");
        group.MapPost("/", Send).WithName("SendBetaFeedback")
            .WithSummary("Send beta feedback (bug, idea, praise, other)")
            .WithDescription("Answers 201 only once the feedback is committed (submissions are committed in batches). With a reader token, its sender may edit or delete it "
                + "for 15 minutes. The optional contact email is seen by editors only.");
        group.MapGet("/{id:guid}", Get).WithName("GetBetaFeedback")
            .WithSummary("Read beta feedback with its triage status, the editors' public reply and its vote count");
        group.MapPut("/{id:guid}", Edit).WithName("EditBetaFeedback")
            .WithSummary("Edit your own beta feedback within the edit window");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteBetaFeedback")
            .WithSummary("Delete your own beta feedback within the edit window");
        group.MapPost("/{id:guid}/votes", Vote).WithName("VoteForIdea")
            .WithSummary("Vote for an idea (one vote per reader)");
        group.MapBetaBoard();
        return routes;
    }

    private static async Task<Results<Created<FeedbackResponse>, ValidationProblem, ProblemHttpResult>> Send(SendFeedbackRequest request,
        ReaderIdentity? reader, FeedbackIngestQueue queue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors()
            .RequireEnum<FeedbackKind>("kind", request.Kind, out var kind)
            .RequireText("text", request.Text, BetaFeedback.TextMaxLength)
            .OptionalText("page", request.Page, BetaFeedback.PageMaxLength)
            .OptionalEmail("contactEmail", request.ContactEmail);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow();
        var feedback = new BetaFeedback
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            Text = request.Text!.Trim(),
            Page = request.Page,
            ContactEmail = request.ContactEmail,
            ReaderId = reader?.Id,
            ReceivedAt = now,
        };
        var submission = new FeedbackSubmission(feedback,
            new FeedbackReceived(feedback.Id, EnumNames.Of(kind), feedback.Text, feedback.Page, now), Activity.Current);
        if (!await queue.TryEnqueueAsync(submission, cancellationToken))
        {
            return Problems.Unavailable("The service is shutting down and takes no more feedback; send it again in a moment.");
        }
        // Group commit: a writer stores this row and its outbox event together with whatever else is queued, in one
        // transaction. The 201 leaves only after that commit, so an accepted submission is durable; a request cut
        // off before it was never accepted (and one cut off after it is stored, merely unanswered).
        await submission.Committed.WaitAsync(cancellationToken);
        return TypedResults.Created($"{BasePath}/{feedback.Id}", FeedbackResponse.From(feedback));
    }

    private static async Task<Results<Ok<FeedbackResponse>, ProblemHttpResult>> Get(Guid id, FeedbackDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.BetaFeedback.AsNoTracking()
            .Where(f => f.Id == id && f.DeletedAt == null)
            .Select(f => new { Feedback = f, Votes = db.IdeaVotes.Count(v => v.FeedbackId == f.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? Problems.NotFound($"No feedback has the id {id}.")
            : TypedResults.Ok(FeedbackResponse.From(found.Feedback, found.Votes));
    }

    private static async Task<Results<Ok<FeedbackResponse>, ValidationProblem, ProblemHttpResult>> Edit(Guid id, EditFeedbackRequest request,
        ReaderIdentity? reader, FeedbackDbContext db, IOptions<ReaderOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var errors = new InputErrors()
            .RequireText("text", request.Text, BetaFeedback.TextMaxLength)
            .OptionalText("page", request.Page, BetaFeedback.PageMaxLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var feedback = await db.BetaFeedback.FirstOrDefaultAsync(f => f.Id == id && f.DeletedAt == null, cancellationToken);
        if (feedback is null)
        {
            return Problems.NotFound($"No feedback has the id {id}.");
        }
        var now = clock.GetUtcNow();
        if (OwnedItem.RefuseChange(feedback.ReaderId, feedback.ReceivedAt, reader, options.Value, now) is { } refused)
        {
            return refused;
        }
        feedback.Text = request.Text!.Trim();
        feedback.Page = request.Page ?? feedback.Page;
        feedback.EditedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(FeedbackResponse.From(feedback));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ReaderIdentity? reader, FeedbackDbContext db,
        AggregateCache cache, IOptions<ReaderOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var feedback = await db.BetaFeedback.FirstOrDefaultAsync(f => f.Id == id && f.DeletedAt == null, cancellationToken);
        if (feedback is null)
        {
            return Problems.NotFound($"No feedback has the id {id}.");
        }
        var now = clock.GetUtcNow();
        if (OwnedItem.RefuseChange(feedback.ReaderId, feedback.ReceivedAt, reader, options.Value, now) is { } refused)
        {
            return refused;
        }
        feedback.DeletedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(AggregateScopes.BetaOverview);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<VoteResponse>, ProblemHttpResult>> Vote(Guid id, ReaderIdentity? reader, FeedbackDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var kind = await db.BetaFeedback.Where(f => f.Id == id && f.DeletedAt == null).Select(f => (FeedbackKind?)f.Kind)
            .FirstOrDefaultAsync(cancellationToken);
        if (kind is null)
        {
            return Problems.NotFound($"No feedback has the id {id}.");
        }
        if (kind != FeedbackKind.Idea)
        {
            return Problems.Unprocessable("Only ideas take votes.");
        }
        // The primary key decides between two concurrent votes by the same reader; the loser sees 0 rows.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO idea_votes ("FeedbackId", "ReaderId", "VotedAt") VALUES ({id}, {reader.Id}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 0)
        {
            return Problems.Conflict("You have already voted for this idea.");
        }
        var votes = await db.IdeaVotes.CountAsync(v => v.FeedbackId == id, cancellationToken);
        return TypedResults.Created($"{BasePath}/{id}", new VoteResponse(id, votes));
    }
}
