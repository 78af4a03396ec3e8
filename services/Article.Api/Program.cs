using Nojor.Articles;
using Nojor.Articles.Data;
using Nojor.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddArticleServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapArticleEndpoints();
app.MapProblemFallback();

await app.MigrateDatabaseAsync<ArticleDbContext>();
app.Run();
