using Microsoft.EntityFrameworkCore;
using Nojor.Messaging;
using Nojor.Notifications.Data;

namespace Nojor.Notifications.Streams;

/// <summary>
/// Adds what <see cref="StreamReach"/> counted to the alerts' rows for this instance, once per <see cref="Interval"/> and
/// once more on a graceful stop. Counts that cannot be written (the database is away) are kept for the next pass; a killed
/// instance loses at most its last interval's counts, which only ever makes the editors' figure a little low.
/// </summary>
internal sealed partial class StreamReachRecorder(
    StreamReach reach,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<StreamReachRecorder> logger) : BackgroundService
{
    /// <summary>How often the counts are written: an editor watching a breaking alert go out sees them this much later.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RecordAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await RecordAsync(cancellationToken);
    }

    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        var counts = reach.Take();
        if (counts.Count == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
            var sequences = counts.Keys.ToArray();
            var clients = sequences.Select(s => counts[s]).ToArray();
            var now = clock.GetUtcNow();
            // One statement for every alert counted. An alert retention deleted meanwhile is skipped, not an error.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO alert_stream_reach ("AlertSequence", "Instance", "Clients", "UpdatedAt")
                SELECT r.sequence, {ServiceInstance.Name}, r.clients, {now}
                FROM unnest({sequences}::bigint[], {clients}::integer[]) AS r(sequence, clients)
                WHERE EXISTS (SELECT 1 FROM alerts a WHERE a."Sequence" = r.sequence)
                ON CONFLICT ("AlertSequence", "Instance")
                DO UPDATE SET "Clients" = alert_stream_reach."Clients" + EXCLUDED."Clients", "UpdatedAt" = EXCLUDED."UpdatedAt"
                """, cancellationToken);
        }
        catch (Exception ex)
        {
            reach.Return(counts);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw; // stopping: the stop's own pass writes them
            }
            LogNotRecorded(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record how many stream clients alerts reached; trying again")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception);
}
