using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Messaging;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications;

public static class NotificationServiceExtensions
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddDbContextPool<NotificationDbContext>((services, options) => options
            .UseNpgsql(builder.Configuration.GetConnectionString(ResourceNames.NotificationDatabase))
            .AddOutboxInterceptors(services));
        // No retrying execution strategy: the outbox and delivery workers claim rows in explicit transactions,
        // which it forbids; they retry whole passes themselves.
        builder.EnrichNpgsqlDbContext<NotificationDbContext>(settings => settings.DisableRetry = true);
        builder.AddRedisClient(ResourceNames.Cache);

        builder.AddNojorMessaging<NotificationDbContext>("notification", bus => bus.AddConsumer<BreakingNewsConsumer>());

        builder.Services.AddSingleton<WebhookUrlPolicy>();
        builder.Services.AddSingleton<DeliverySignal>();
        // Our own retry schedule governs webhooks: the shared resilience handler would resend inside one attempt.
#pragma warning disable EXTEXP0001 // Experimental, but the supported way to opt one client out of the defaults.
        builder.Services.AddHttpClient(WebhookDeliveryWorker.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                MaxConnectionsPerServer = 256,
            });
#pragma warning restore EXTEXP0001
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
        builder.AddEditorAuthentication();
        builder.Services.AddOpenApi();
        return builder;
    }
}
