using Nojor;
using Nojor.Articles;
using Nojor.Articles.Caching;
using Nojor.Articles.Data;
using Nojor.Hosting;
using Nojor.ReadCache;

var builder = WebApplication.CreateBuilder(args);
builder.AddNojorService<ArticleDbContext>(new()
{
    Database = ResourceNames.ArticleDatabase,
    QueuePrefix = "article",
    // Its one consumer: the article events, which tell every instance's read cache what changed.
    Consumers = bus => bus.AddArticleEventQueue<ArticleCache>("article-cache-"),
});
builder.AddArticleServices();

var app = builder.Build();
// Cached report reads are answered beneath hosting (Reading/CachedReads.cs) and never reach this pipeline.
app.UseNojorService();
app.MapArticleEndpoints();
await app.RunNojorServiceAsync<ArticleDbContext>(args);
