using Microsoft.EntityFrameworkCore;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Authentication;
using Nojor.Messaging;

namespace Nojor.Articles;

public static class ArticleServiceExtensions
{
    public static IHostApplicationBuilder AddArticleServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArticleOptions>().BindConfiguration(ArticleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddDbContextPool<ArticleDbContext>((services, options) => options
            .UseNpgsql(builder.Configuration.GetConnectionString(ResourceNames.ArticleDatabase))
            .AddOutboxInterceptors(services));
        // No retrying execution strategy: the outbox and delivery workers claim rows in explicit transactions,
        // which it forbids; they retry whole passes themselves.
        builder.EnrichNpgsqlDbContext<ArticleDbContext>(settings => settings.DisableRetry = true);
        builder.AddRedisClient(ResourceNames.Cache);

        builder.AddNojorMessaging<ArticleDbContext>("article");
        builder.Services.AddScoped<ArticlePublisher>();
        builder.AddEditorAuthentication();
        builder.Services.AddOpenApi();
        return builder;
    }
}
