using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Feedback.Readers;
using Nojor.Hosting;

namespace Nojor.Feedback.Reactions;

public sealed record ReactRequest(string? Kind);

public sealed record ReactionResponse(Guid ArticleId, string Kind, int ArticleVersion, DateTimeOffset ReactedAt);

public static class ReactionEndpoints
{
    public static RouteGroupBuilder MapReactionEndpoints(this RouteGroupBuilder article)
    {
        article.MapPut("/reaction", React).WithName("ReactToArticle")
            .WithSummary("React to a report (helpful or not_helpful)")
            .WithDescription("One reaction per reader per report: reacting again replaces it. Needs a reader token.");
        article.MapDelete("/reaction", Withdraw).WithName("WithdrawReaction")
            .WithSummary("Withdraw your reaction to a report");
        return article;
    }

    private static async Task<Results<Ok<ReactionResponse>, ValidationProblem, ProblemHttpResult>> React(Guid articleId, ReactRequest request,
        ReaderIdentity? reader, FeedbackDbContext db, AggregateCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var errors = new InputErrors().RequireEnum<ReactionKind>("kind", request.Kind, out var kind);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (article, problem) = await ArticleReadModel.FindOpenAsync(db, articleId, cancellationToken);
        if (article is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO reactions ("ArticleId", "ReaderId", "Kind", "ArticleVersion", "ReactedAt")
            VALUES ({articleId}, {reader.Id}, {kind.ToString()}, {article.Version}, {now})
            ON CONFLICT ("ArticleId", "ReaderId") DO UPDATE
            SET "Kind" = excluded."Kind", "ArticleVersion" = excluded."ArticleVersion", "ReactedAt" = excluded."ReactedAt"
            """, cancellationToken);
        await cache.InvalidateAsync(AggregateScopes.Article(articleId));
        return TypedResults.Ok(new ReactionResponse(articleId, EnumNames.Of(kind), article.Version, now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(Guid articleId, ReaderIdentity? reader, FeedbackDbContext db,
        AggregateCache cache, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var removed = await db.Reactions.Where(r => r.ArticleId == articleId && r.ReaderId == reader.Id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return Problems.NotFound("You have no reaction on this report.");
        }
        await cache.InvalidateAsync(AggregateScopes.Article(articleId));
        return TypedResults.NoContent();
    }
}
