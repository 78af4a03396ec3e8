using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;
using Nojor.Articles.Data;
using Nojor.Articles.Demo;
using Nojor.Articles.Editorial;
using Nojor.Articles.Feeds;
using Nojor.Articles.Reading;
using Nojor.Articles.Scheduling;
using Nojor.Articles.Search;
using Nojor.Articles.Stories;
using Nojor.Authentication;
using Nojor.Hosting;
using Nojor.Messaging;
using StackExchange.Redis;

namespace Nojor.Articles;

public static class ArticleServiceExtensions
{
    public static IHostApplicationBuilder AddArticleServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArticleOptions>().BindConfiguration(ArticleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddDbContextPool<ArticleDbContext>((services, options) => options
            .UseNpgsql(ServiceDatabase.ConnectionString(builder.Configuration, ResourceNames.ArticleDatabase))
            .AddOutboxInterceptors(services));
        // No retrying execution strategy: the outbox, delivery and scheduling workers claim rows in explicit
        // transactions, which it forbids; they retry whole passes themselves.
        builder.EnrichNpgsqlDbContext<ArticleDbContext>(settings => settings.DisableRetry = true);

        // Fail fast while Redis is away instead of queueing commands: reads then go straight to PostgreSQL.
        builder.AddRedisClient(ResourceNames.Cache, configureOptions: redis => redis.BacklogPolicy = BacklogPolicy.FailFast);
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((cache, services) =>
        {
            cache.InstanceName = "article:";
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
        });
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton<ArticleCache>();
        builder.Services.AddSingleton<CachedReadMetrics>();
        builder.Services.AddServiceTelemetry(meters: [CachedReadMetrics.MeterName]);
        CachedReadServer.Register(builder.Services);
        builder.Services.AddHostedService<CacheInvalidationListener>();

        builder.AddNojorMessaging<ArticleDbContext>("article");
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddScoped<ArticleEvents>();
        builder.Services.AddScoped<ArticleWorkflow>();
        builder.Services.AddHostedService<ScheduledPublisher>();
        builder.Services.AddHostedService<DemoContentSeeder>();
        builder.AddEditorAuthentication();
        builder.Services.AddServiceOpenApi();
        return builder;
    }

    /// <summary>
    /// Anonymous reads of reports this instance holds in memory, answered before routing (see the middleware), when
    /// they are not already answered before hosting: the middleware would only look up every miss a second time.
    /// </summary>
    public static IApplicationBuilder UseCachedArticleReads(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<ArticleOptions>>().Value.AnswerCachedReadsBeforeHosting
            ? app
            : app.UseMiddleware<CachedArticleReadMiddleware>();

    public static IEndpointRouteBuilder MapArticleEndpoints(this IEndpointRouteBuilder routes) => routes
        .MapArticleReadEndpoints()
        .MapEditorialEndpoints()
        .MapEditorialQueueEndpoints()
        .MapStoryEndpoints()
        .MapSearchEndpoints()
        .MapFeedEndpoints();
}
