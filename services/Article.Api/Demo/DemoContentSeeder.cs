using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Data;
using Nojor.Articles.Editorial;

namespace Nojor.Articles.Demo;

/// <summary>
/// Files the demo border story once (when <c>Articles:SeedDemoContent</c> is on), so a newcomer sees a
/// working site. Idempotent: a report whose slug exists is left alone, and a unique slug makes a
/// second instance seeding at the same moment fail harmlessly.
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
        foreach (var report in DemoReports.BorderStory)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ArticleDbContext>();
                if (await db.Articles.AnyAsync(a => a.Slug == report.Slug, stoppingToken))
                {
                    continue;
                }
                var workflow = scope.ServiceProvider.GetRequiredService<ArticleWorkflow>();
                var article = await workflow.CreateAsync(report, report.Slug!, stoppingToken);
                workflow.Publish(article);
                await db.SaveChangesAsync(stoppingToken);
                logger.LogInformation("Seeded demo report {Slug}", report.Slug);
            }
            catch (DbUpdateException ex)
            {
                logger.LogInformation("Demo report {Slug} not seeded here: {Reason}", report.Slug, ex.InnerException?.Message ?? ex.Message);
            }
        }
    }
}
