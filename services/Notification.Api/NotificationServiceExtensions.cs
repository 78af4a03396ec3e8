using Nojor.Hosting;
using Nojor.Notifications.Alerts;
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
        builder.AddValidatedOptions<WebhookOptions>(WebhookOptions.SectionName);
        builder.AddValidatedOptions<AlertOptions>(AlertOptions.SectionName);
        builder.AddValidatedOptions<SubscriptionOptions>(SubscriptionOptions.SectionName);
        builder.AddValidatedOptions<StreamOptions>(StreamOptions.SectionName);
        builder.AddValidatedOptions<RetentionOptions>(RetentionOptions.SectionName);

        services.AddScoped<AlertFanOut>();
        // Redis carries each new alert to every instance's stream clients (the alert log covers it while Redis is away).
        builder.AddRedisClient(ResourceNames.Cache);
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
        return builder;
    }

    internal static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryPacing>();
        services.AddSingleton<DeliverySender>();
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
