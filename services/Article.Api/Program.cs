using Nojor.Articles;
using Nojor.Articles.Data;
using Nojor.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddArticleServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Before routing: cached report reads skip routing, authentication and endpoint binding; everything else continues.
app.UseCachedArticleReads();
// Explicit, so authentication and authorization run after routing (implicit ones would run before it).
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapArticleEndpoints();
app.MapProblemFallback();

// Migrates first unless Database:Migrate is false (a cluster, where a Job migrates each release); --migrate only migrates.
await app.MigrateAndRunAsync<ArticleDbContext>(args);
