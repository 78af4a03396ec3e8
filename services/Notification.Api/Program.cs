using Nojor.Hosting;
using Nojor.Notifications;
using Nojor.Notifications.Data;
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
app.MapProblemFallback();
// After every route is mapped: HEAD answers on each GET route.
app.AnswerHeadOnGetRoutes();

// Migrates first unless Database:Migrate is false (a cluster, where a Job migrates each release); --migrate only migrates.
// Secrets stored before they were encrypted at rest (or by an older instance during an upgrade) are encrypted with it.
await app.MigrateAndRunAsync<NotificationDbContext>(args, afterMigration: app.ProtectStoredSecretsAsync);
