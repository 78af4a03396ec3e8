using Microsoft.AspNetCore.Http.HttpResults;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;
using Nojor.Hosting;

namespace Nojor.Feedback.Aggregates;

public static class AggregateEndpoints
{
    public static RouteGroupBuilder MapArticleSummaryEndpoint(this RouteGroupBuilder article)
    {
        article.MapGet("/", GetArticleSummary).WithName("GetArticleFeedbackSummary")
            .WithSummary("Feedback on a report: rating average and count, reaction counts, published comments")
            .WithDescription("404 until the feedback service has learned of the report from the article events.");
        return article;
    }

    public static IEndpointRouteBuilder MapBetaOverviewEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapGet($"{BetaFeedbackEndpoints.BasePath}/overview", GetBetaOverview).WithTags("Beta feedback").WithName("GetBetaOverview")
            .WithSummary("Beta feedback counts per kind and per triage status");
        return routes;
    }

    private static async Task<Results<Ok<ArticleFeedbackSummary>, ProblemHttpResult>> GetArticleSummary(Guid articleId, FeedbackDbContext db,
        AggregateCache cache, CancellationToken cancellationToken)
    {
        var article = await db.KnownArticles.FindAsync([articleId], cancellationToken);
        if (article is null)
        {
            return Problems.NotFound($"No published report has the id {articleId}.");
        }
        var summary = await cache.GetOrComputeAsync(AggregateScopes.Article(articleId),
            ct => ArticleFeedbackSummary.ComputeAsync(db, article, ct), cancellationToken);
        // The article's own state comes from the read model, which changes without a feedback write.
        return TypedResults.Ok(summary with { Slug = article.Slug, Version = article.Version, Retracted = article.IsRetracted });
    }

    private static async Task<Ok<BetaOverview>> GetBetaOverview(FeedbackDbContext db, AggregateCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrComputeAsync(AggregateScopes.BetaOverview, ct => BetaOverview.ComputeAsync(db, ct), cancellationToken));
}
