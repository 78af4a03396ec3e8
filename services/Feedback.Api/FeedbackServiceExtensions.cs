using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Data;
using Nojor.Messaging;

namespace Nojor.Feedback;

public static class FeedbackServiceExtensions
{
    public static IHostApplicationBuilder AddFeedbackServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDbContextPool<FeedbackDbContext>((services, options) => options
            .UseNpgsql(builder.Configuration.GetConnectionString(ResourceNames.FeedbackDatabase))
            .AddOutboxInterceptors(services));
        // No retrying execution strategy: the outbox and delivery workers claim rows in explicit transactions,
        // which it forbids; they retry whole passes themselves.
        builder.EnrichNpgsqlDbContext<FeedbackDbContext>(settings => settings.DisableRetry = true);
        builder.AddRedisClient(ResourceNames.Cache);

        builder.AddNojorMessaging<FeedbackDbContext>("feedback", bus => bus.AddConsumer<ArticlePublishedConsumer>());
        builder.AddEditorAuthentication();
        builder.Services.AddOpenApi();
        return builder;
    }
}
