using Nojor;
using Nojor.Feedback;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Data;
using Nojor.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddNojorService<FeedbackDbContext>(new()
{
    Database = ResourceNames.FeedbackDatabase,
    QueuePrefix = "feedback",
    // The read model of reports readers may rate and comment on.
    Consumers = bus =>
    {
        bus.AddConsumer<ArticlePublishedConsumer>();
        bus.AddConsumer<ArticleUpdatedConsumer>();
        bus.AddConsumer<ArticleRetractedConsumer>();
    },
    // Rate limits count by the reader's address, which the gateway or the web app forwards.
    ReadsForwardedHeaders = true,
});
builder.AddFeedbackServices();

var app = builder.Build();
app.UseNojorService(
    beforeRouting: pipeline => pipeline.UseNoSniff(),
    afterAuthorization: pipeline => pipeline.UseRateLimiter());
app.MapFeedbackEndpoints();
await app.RunNojorServiceAsync<FeedbackDbContext>(args);
