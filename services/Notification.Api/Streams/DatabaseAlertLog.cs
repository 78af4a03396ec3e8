using Microsoft.EntityFrameworkCore;
using Nojor.Notifications.Data;

namespace Nojor.Notifications.Streams;

/// <summary>The alert log in PostgreSQL, read on a scope of its own: the hub is a singleton.</summary>
internal sealed class DatabaseAlertLog(IServiceScopeFactory scopes) : IAlertLog
{
    public async Task<IReadOnlyList<StreamedAlert>> ReadAsync(long after, long before, int limit, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.Sequence > after && a.Sequence < before).OrderBy(a => a.Sequence)
            .Take(limit).ToListAsync(cancellationToken);
        return alerts.ConvertAll(StreamedAlert.From);
    }

    public async Task<long> LatestAsync(DateTimeOffset? createdBefore, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var alerts = db.Alerts.AsNoTracking();
        if (createdBefore is { } before)
        {
            alerts = alerts.Where(a => a.CreatedAt < before);
        }
        // Walks the key from the top: only the alerts created since the cut-off are passed over.
        return await alerts.OrderByDescending(a => a.Sequence).Select(a => a.Sequence).FirstOrDefaultAsync(cancellationToken);
    }
}
