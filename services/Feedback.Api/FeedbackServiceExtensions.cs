using System.Text.Encodings.Web;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Corrections;
using Nojor.Feedback.Export;
using Nojor.Feedback.Http;
using Nojor.Feedback.Ingest;
using Nojor.Feedback.Moderation;
using Nojor.Feedback.RateLimiting;
using Nojor.Feedback.Readers;
using Nojor.Hosting;

namespace Nojor.Feedback;

public static class FeedbackServiceExtensions
{
    public static IHostApplicationBuilder AddFeedbackServices(this IHostApplicationBuilder builder)
    {
        builder.AddFeedbackRateLimiting();
        builder.AddFeedbackIngest();

        builder.AddValidatedOptions<ReaderOptions>(ReaderOptions.SectionName);
        builder.AddValidatedOptions<ModerationOptions>(ModerationOptions.SectionName);
        builder.AddValidatedOptions<AggregateCacheOptions>(AggregateCacheOptions.SectionName);
        // Escape <, >, & and quotes in every JSON answer: stored reader text stays inert even if a client renders it as HTML.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Encoder = JavaScriptEncoder.Default;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, FeedbackJsonContext.Default);
        });
        builder.Services.AddSingleton<CommentModerator>();
        // Rating and reaction aggregates are cached in Redis, shared by every instance.
        builder.AddRedisClient(ResourceNames.Cache);
        builder.Services.AddSingleton<AggregateCache>();
        builder.Services.AddSingleton<ReaderDirectory>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("");
        api.AddEndpointFilter(ReaderIdentity.ExplainExpiredTokenAsync);
        MapAll(api);
        return routes;
    }

    private static IEndpointRouteBuilder MapAll(IEndpointRouteBuilder routes) => routes
        .MapReaderEndpoints()
        .MapBetaOverviewEndpoint()
        .MapBetaFeedbackEndpoints()
        .MapBetaTriageEndpoints()
        .MapArticleFeedbackEndpoints()
        .MapCommentEndpoints()
        .MapModerationEndpoints()
        .MapCorrectionEditorEndpoints()
        .MapExportEndpoints();

    /// <summary>Stored text is only ever served as data: browsers must not sniff a JSON or CSV answer into HTML.</summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return next(http);
    });
}
