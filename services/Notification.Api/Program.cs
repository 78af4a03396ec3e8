using Nojor.Hosting;
using Nojor.Notifications;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotificationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapSubscriptionEndpoints();
app.MapProblemFallback();

await app.MigrateDatabaseAsync<NotificationDbContext>();
app.Run();
