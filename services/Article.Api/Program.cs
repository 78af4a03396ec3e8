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
// Before routing: cached report reads skip routing, authentication and endpoint binding; everything else continues.
app.UseNojorService(beforeRouting: pipeline => pipeline.UseCachedArticleReads());
app.MapArticleEndpoints();
await app.RunNojorServiceAsync<ArticleDbContext>(args);
