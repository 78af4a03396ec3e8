using Nojor.Hosting;
using Nojor.Routing;
using Nojor.Notifications;
using Nojor.Notifications.Data;
using Nojor.Notifications.Streams;
using Nojor.Notifications.Subscriptions;
using Nojor.Notifications.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotificationServices();

var app = builder.Build();
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

await app.MigrateDatabaseAsync<NotificationDbContext>();
app.Run();
