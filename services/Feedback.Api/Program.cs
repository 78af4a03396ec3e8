using Nojor.Feedback;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Data;
using Nojor.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFeedbackServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapBetaFeedbackEndpoints();
app.MapProblemFallback();

await app.MigrateDatabaseAsync<FeedbackDbContext>();
app.Run();
