using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Feedback.Aggregates;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Corrections;
using Nojor.Feedback.Data;
using Nojor.Feedback.Export;
using Nojor.Feedback.Http;
using Nojor.Feedback.Ingest;
using Nojor.Feedback.Moderation;
using Nojor.Feedback.RateLimiting;
using Nojor.Feedback.Readers;
using Nojor.Hosting;
using Nojor.Messaging;

namespace Nojor.Feedback;

public static class FeedbackServiceExtensions
{
    public static IHostApplicationBuilder AddFeedbackServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDbContextPool<FeedbackDbContext>((services, options) => options
            .UseNpgsql(ServiceDatabase.ConnectionString(builder.Configuration, ResourceNames.FeedbackDatabase))
            .AddOutboxInterceptors(services));
        // No retrying execution strategy: the outbox and delivery workers claim rows in explicit transactions,
        // which it forbids; they retry whole passes themselves.
        builder.EnrichNpgsqlDbContext<FeedbackDbContext>(settings => settings.DisableRetry = true);
        builder.AddRedisClient(ResourceNames.Cache);

        builder.AddNojorMessaging<FeedbackDbContext>("feedback", bus =>
        {
            bus.AddConsumer<ArticlePublishedConsumer>();
            bus.AddConsumer<ArticleUpdatedConsumer>();
            bus.AddConsumer<ArticleRetractedConsumer>();
        });
        builder.AddEditorAuthentication();
        // The reader's address and scheme from X-Forwarded-* only when the gateway or the web app (known proxies) sent them.
        builder.AddTrustedProxies(trustLoopback: true);
        builder.AddFeedbackRateLimiting();
        builder.AddFeedbackIngest();

        AddValidatedOptions<ReaderOptions>(builder, ReaderOptions.SectionName);
        AddValidatedOptions<ModerationOptions>(builder, ModerationOptions.SectionName);
        AddValidatedOptions<AggregateCacheOptions>(builder, AggregateCacheOptions.SectionName);
        // Escape <, >, & and quotes in every JSON answer: stored reader text stays inert even if a client renders it as HTML.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Encoder = JavaScriptEncoder.Default;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, FeedbackJsonContext.Default);
        });
        builder.Services.AddSingleton<CommentModerator>();
        builder.Services.AddSingleton<AggregateCache>();
        builder.Services.AddSingleton<ReaderDirectory>();
        builder.Services.AddServiceOpenApi();
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

    private static void AddValidatedOptions<TOptions>(IHostApplicationBuilder builder, string section) where TOptions : class =>
        builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
