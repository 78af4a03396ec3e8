using Nojor.Articles.Articles;
using Nojor.Articles.Caching;
using Nojor.Articles.Demo;
using Nojor.Articles.Editorial;
using Nojor.Articles.Feeds;
using Nojor.Articles.Reading;
using Nojor.Articles.Scheduling;
using Nojor.Articles.Search;
using Nojor.Articles.Stories;
using Nojor.EarlyAnswers;
using Nojor.Hosting;

namespace Nojor.Articles;

public static class ArticleServiceExtensions
{
    public static IHostApplicationBuilder AddArticleServices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ArticleOptions>(ArticleOptions.SectionName);

        // Memory only: no distributed cache is registered, so HybridCache keeps no second tier.
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton<ArticleCache>();
        builder.Services.AddSingleton<CachedReadMetrics>();
        builder.Services.AddServiceTelemetry(meters: [CachedReadMetrics.MeterName]);
        builder.Services.AddEarlyAnswers<CachedJson, CachedReads>();

        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddScoped<ArticleEvents>();
        builder.Services.AddScoped<ArticleWorkflow>();
        builder.Services.AddHostedService<ScheduledPublisher>();
        builder.Services.AddHostedService<DemoContentSeeder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapArticleEndpoints(this IEndpointRouteBuilder routes) => routes
        .MapArticleReadEndpoints()
        .MapEditorialEndpoints()
        .MapEditorialQueueEndpoints()
        .MapStoryEndpoints()
        .MapSearchEndpoints()
        .MapFeedEndpoints();
}
