using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;
using Nojor.Articles.Data;
using Nojor.Articles.Editorial;

namespace Nojor.Articles.Demo;

/// <summary>
/// Files the demo border story (when <c>Articles:SeedDemoContent</c> is on), so a newcomer sees a working site.
/// Idempotent: a report whose slug exists is left alone, and a unique slug makes a second instance seeding at the same
/// moment fail harmlessly. A database seeded with an earlier demo has those reports retracted through the editorial
/// workflow (so caches, the other services and subscribers hear of it like any retraction): they leave the lists,
/// search and feeds, and their old links still open them, marked. Only reports of the demo desk are touched.
/// </summary>
internal sealed class DemoContentSeeder(IServiceScopeFactory scopes, IOptions<ArticleOptions> options, ILogger<DemoContentSeeder> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SeedDemoContent)
        {
            return;
        }
        foreach (var slug in DemoReports.Retired)
        {
            await RunAsync(slug, "retired", (db, workflow, cache) => RetireAsync(db, workflow, cache, slug, stoppingToken));
        }
        foreach (var report in DemoReports.BorderStory)
        {
            await RunAsync(report.Slug!, "seeded",
                (db, workflow, cache) => SeedAsync(db, workflow, cache, report, options.Value, stoppingToken));
        }
    }

    private async Task RunAsync(string slug, string what, Func<ArticleDbContext, ArticleWorkflow, ArticleCache, Task<bool>> step)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            if (await step(services.GetRequiredService<ArticleDbContext>(), services.GetRequiredService<ArticleWorkflow>(),
                    services.GetRequiredService<ArticleCache>()))
            {
                logger.LogInformation("Demo report {Slug} {What}", slug, what);
            }
        }
        catch (DbUpdateException ex)
        {
            // Another instance seeding at the same moment got there first (unique slug, or the version check).
            logger.LogInformation("Demo report {Slug} not {What} here: {Reason}", slug, what, ex.InnerException?.Message ?? ex.Message);
        }
    }

    private static async Task<bool> SeedAsync(ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache, CreateArticleRequest report,
        ArticleOptions options, CancellationToken cancellationToken)
    {
        if (await db.Articles.AnyAsync(a => a.Slug == report.Slug, cancellationToken))
        {
            return false;
        }
        var article = await workflow.CreateAsync(report.Slug!, report.ToContent(options), draft: false, publishAt: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // Lists cached before the seeding (Redis keeps them across runs) would hide the new reports for minutes.
        await cache.InvalidateAsync(article.Slug, cancellationToken);
        return true;
    }

    private static async Task<bool> RetireAsync(ArticleDbContext db, ArticleWorkflow workflow, ArticleCache cache, string slug,
        CancellationToken cancellationToken)
    {
        var article = await db.Articles.Include(a => a.Story).FirstOrDefaultAsync(
            a => a.Slug == slug && a.Byline == DemoReports.Byline && a.Status == ArticleStatus.Published, cancellationToken);
        if (article is null)
        {
            return false;
        }
        workflow.Retract(article, DemoReports.RetiredReason);
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(article.Slug, cancellationToken);
        return true;
    }
}
