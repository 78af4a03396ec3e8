using Nojor.Hosting;
using Nojor.Notifications;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

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

await app.MigrateDatabaseAsync<NotificationDbContext>();
// Secrets stored before they were encrypted at rest (or by an older instance during an upgrade) are encrypted now.
await app.ProtectStoredSecretsAsync();
app.Run();
