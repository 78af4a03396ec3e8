using Nojor.Hosting;
using Nojor.Notifications;
using Nojor.Notifications.Alerts;
using Nojor.Notifications.Data;
using Nojor.Notifications.Email;
using Nojor.Notifications.Push;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;
using Nojor.Routing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotificationServices();

var app = builder.Build();
app.UseTrustedProxies();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapSubscriptionEndpoints();
app.MapDeliveryLogEndpoints();
app.MapStreamEndpoints();
app.MapPushEndpoints();
app.MapEmailEndpoints();
app.MapAlertDeliveryEndpoints();
app.MapProblemFallback();
// After every route is mapped: HEAD answers on each GET route.
app.AnswerHeadOnGetRoutes();

// Migrates first unless Database:Migrate is false (a cluster, where a Job migrates each release); --migrate only migrates.
// With the schema, signing secrets stored before they were encrypted at rest are encrypted (the key ring lives in the
// database, so the Job's run creates the first key before any replica needs one).
await app.MigrateAndRunAsync<NotificationDbContext>(args, app.ProtectStoredSecretsAsync);
