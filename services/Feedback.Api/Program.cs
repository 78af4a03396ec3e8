using Nojor.Feedback;
using Nojor.Feedback.Data;
using Nojor.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFeedbackServices();

var app = builder.Build();
app.UseTrustedProxies();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseNoSniff();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapFeedbackEndpoints();
app.MapProblemFallback();

// Migrates first unless Database:Migrate is false (a cluster, where a Job migrates each release); --migrate only migrates.
await app.MigrateAndRunAsync<FeedbackDbContext>(args);
