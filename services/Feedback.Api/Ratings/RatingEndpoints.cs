using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Feedback.Readers;

namespace Nojor.Feedback.Ratings;

public sealed record RateRequest(int? Value);

public sealed record RatingResponse(Guid ArticleId, int Value, int ArticleVersion, DateTimeOffset RatedAt);

public static class RatingEndpoints
{
    public static RouteGroupBuilder MapRatingEndpoints(this RouteGroupBuilder article)
    {
        article.MapPut("/rating", Rate).WithName("RateArticle")
            .WithSummary("Rate a report from 1 to 5")
            .WithDescription("One rating per reader per report: rating again replaces the earlier rating. Needs a reader token.");
        return article;
    }

    private static async Task<Results<Ok<RatingResponse>, ValidationProblem, ProblemHttpResult>> Rate(Guid articleId, RateRequest request,
        ReaderIdentity? reader, FeedbackDbContext db, AggregateCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return ReaderProblems.TokenRequired();
        }
        if (request.Value is not (>= Rating.Min and <= Rating.Max))
        {
            return new InputErrors().Add("value", $"value is a whole number from {Rating.Min} to {Rating.Max}.").ToProblem();
        }
        var (article, problem) = await ArticleReadModel.FindOpenAsync(db, articleId, cancellationToken);
        if (article is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        // One statement, so two requests from the same reader at once cannot both insert.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO ratings ("ArticleId", "ReaderId", "Value", "ArticleVersion", "RatedAt")
            VALUES ({articleId}, {reader.Id}, {request.Value.Value}, {article.Version}, {now})
            ON CONFLICT ("ArticleId", "ReaderId") DO UPDATE
            SET "Value" = excluded."Value", "ArticleVersion" = excluded."ArticleVersion", "RatedAt" = excluded."RatedAt"
            """, cancellationToken);
        await cache.InvalidateAsync(AggregateScopes.Article(articleId));
        return TypedResults.Ok(new RatingResponse(articleId, request.Value.Value, article.Version, now));
    }
}
