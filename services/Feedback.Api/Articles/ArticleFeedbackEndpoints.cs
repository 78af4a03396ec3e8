using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Corrections;
using Nojor.Feedback.Ratings;
using Nojor.Feedback.Reactions;

namespace Nojor.Feedback.Articles;

/// <summary>Everything readers send about one report lives under its id.</summary>
public static class ArticleFeedbackEndpoints
{
    public const string BasePath = "/api/feedback/articles/{articleId:guid}";

    public static IEndpointRouteBuilder MapArticleFeedbackEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(BasePath).WithTags("Article feedback")
            .MapArticleSummaryEndpoint()
            .MapRatingEndpoints()
            .MapReactionEndpoints()
            .MapArticleCommentEndpoints()
            .MapArticleCorrectionEndpoints();
        return routes;
    }
}
