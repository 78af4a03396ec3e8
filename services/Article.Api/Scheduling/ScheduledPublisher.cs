using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Articles.Articles;
using Nojor.Articles.Caching;
using Nojor.Articles.Data;
using Nojor.Articles.Editorial;
using Nojor.Messaging;

namespace Nojor.Articles.Scheduling;

/// <summary>
/// Publishes scheduled (and embargoed) reports when they fall due. State lives in PostgreSQL, so a
/// restart loses nothing. Due rows are claimed with FOR UPDATE SKIP LOCKED in the same transaction
/// that publishes them and stages their events, so two instances never publish one report twice.
/// </summary>
internal sealed class ScheduledPublisher(IServiceScopeFactory scopes, IOptions<ArticleOptions> options, TimeProvider clock, ILogger<ScheduledPublisher> logger)
    : BackgroundService
{
    private const int BatchSize = 50;

    // A scheduled report falls due with time, not with a commit: nothing wakes this loop, it looks every SchedulerInterval.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LeaseLoop.RunAsync(async cancellationToken => new LeasePass(Full: await PublishDueAsync(cancellationToken) == BatchSize), wake: null,
            () => options.Value.SchedulerInterval, clock,
            // The database may be restarting; the next poll tries again and nothing was committed.
            ex => logger.LogWarning(ex, "Scheduled publishing pass failed"), stoppingToken);

    internal async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticleDbContext>();
        var workflow = scope.ServiceProvider.GetRequiredService<ArticleWorkflow>();
        var cache = scope.ServiceProvider.GetRequiredService<ArticleCache>();
        var now = clock.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var dueIds = await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM articles
            WHERE "Status" = 'Scheduled' AND "PublishAt" <= {now}
            ORDER BY "PublishAt"
            LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (dueIds.Count == 0)
        {
            return 0;
        }
        var due = await db.Articles.Include(a => a.Story).Where(a => dueIds.Contains(a.Id)).ToListAsync(cancellationToken);
        foreach (var article in due)
        {
            workflow.Publish(article);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var article in due)
        {
            logger.LogInformation("Published scheduled report {Slug}", article.Slug);
            await cache.InvalidateAsync(article.Slug, cancellationToken);
        }
        return dueIds.Count;
    }
}
