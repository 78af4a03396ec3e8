using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Hosting;
using Nojor.Messaging;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Email;
using Nojor.Notifications.Push;
using Nojor.Notifications.Retention;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Telemetry;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications;

public static class NotificationServiceExtensions
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddDbContextPool<NotificationDbContext>((provider, options) => options
            .UseNpgsql(ServiceDatabase.ConnectionString(builder.Configuration, ResourceNames.NotificationDatabase))
            .AddOutboxInterceptors(provider));
        // No retrying execution strategy: the outbox and delivery workers claim rows in explicit transactions,
        // which it forbids; they retry whole passes themselves.
        builder.EnrichNpgsqlDbContext<NotificationDbContext>(settings => settings.DisableRetry = true);
        builder.AddRedisClient(ResourceNames.Cache);

        builder.AddNojorMessaging<NotificationDbContext>("notification", bus =>
        {
            bus.AddConsumer<BreakingNewsConsumer>();
            bus.AddConsumer<ArticleUpdatedConsumer>();
            bus.AddConsumer<ArticleRetractedConsumer>();
        });

        services.AddScoped<AlertFanOut>();
        services.AddSingleton<IAlertBroadcaster, RedisAlertBroadcaster>();
        services.AddSingleton<AlertHub>();
        services.AddSingleton<StreamConnections>();
        services.AddSingleton<StreamReach>();
        services.AddHostedService<StreamReachRecorder>();
        services.AddHostedService(provider => provider.GetRequiredService<AlertHub>());

        builder.AddSigningSecretProtection();
        services.AddSingleton<WebhookTargetPolicy>();
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<SubscriptionRequestValidator>();
        services.AddSubscriptionRateLimits();
        builder.AddPushDelivery();
        services.AddWebhookDelivery();
        services.AddEmailAlerts();
        services.AddNotificationTelemetry();
        services.AddHostedService<RetentionService>();
        builder.AddEditorAuthentication();
        // The client's address from X-Forwarded-For only when the gateway or the web app (known proxies) sent it.
        builder.AddTrustedProxies(trustLoopback: true);
        services.AddServiceOpenApi();
        return builder;
    }

    internal static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton(provider => new GuardedConnector(provider.GetRequiredService<WebhookTargetPolicy>()));
        // Our own retry schedule governs webhooks: the shared resilience handler would resend inside one attempt.
#pragma warning disable EXTEXP0001 // Experimental, but the supported way to opt one client out of the defaults.
        services.AddHttpClient(WebhookDeliveryWorker.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                // Never through HTTP(S)_PROXY: the guard would check the proxy's address instead of the subscriber's, and
                // the proxy would then reach whatever the subscriber named, internal addresses included.
                UseProxy = false,
                // Connections are kept and reused between deliveries; the lifetime only bounds how stale DNS can get.
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                MaxConnectionsPerServer = 256,
                ConnectCallback = provider.GetRequiredService<GuardedConnector>().ConnectAsync,
            })
            // One handler for the life of the process, so pooled connections are not dropped every two minutes.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
#pragma warning restore EXTEXP0001
        services.AddHostedService<WebhookDeliveryWorker>();
        return services;
    }
}
