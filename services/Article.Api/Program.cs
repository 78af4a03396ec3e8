using Nojor;
using Nojor.Articles;
using Nojor.Articles.Data;
using Nojor.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddNojorService<ArticleDbContext>(new()
{
    Database = ResourceNames.ArticleDatabase,
    QueuePrefix = "article",
    // While Redis is away, reads go straight to PostgreSQL instead of queueing for it.
    RedisFailsFast = true,
});
builder.AddArticleServices();

var app = builder.Build();
// Cached report reads are answered beneath hosting (Reading/CachedReadServer.cs) and never reach this pipeline.
app.UseNojorService();
app.MapArticleEndpoints();
await app.RunNojorServiceAsync<ArticleDbContext>(args);
