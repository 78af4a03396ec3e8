using Nojor;
using Nojor.Hosting;
using Nojor.Notifications;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Email;
using Nojor.Notifications.Push;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddNojorService<NotificationDbContext>(new()
{
    Database = ResourceNames.NotificationDatabase,
    QueuePrefix = "notification",
    Consumers = bus =>
    {
        bus.AddConsumer<BreakingNewsConsumer>();
        bus.AddConsumer<ArticleUpdatedConsumer>();
        bus.AddConsumer<ArticleRetractedConsumer>();
    },
    // Open alert streams are counted by the client's address, which the gateway or the web app forwards.
    ReadsForwardedHeaders = true,
});
builder.AddNotificationServices();

var app = builder.Build();
app.UseNojorService(afterAuthorization: pipeline => pipeline.UseRateLimiter());
app.MapSubscriptionEndpoints();
app.MapDeliveryLogEndpoints();
app.MapStreamEndpoints();
app.MapPushEndpoints();
app.MapEmailEndpoints();
app.MapAlertDeliveryEndpoints();
// With the schema, signing secrets stored before they were encrypted at rest are encrypted (the key ring lives in the
// database, so the Job's run creates the first key before any replica needs one).
await app.RunNojorServiceAsync<NotificationDbContext>(args, app.ProtectStoredSecretsAsync);
