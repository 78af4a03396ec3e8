using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Nojor.Hosting;

/// <summary>Linked into each service: applies its checked-in EF migrations before it serves traffic.</summary>
internal static class MigrateDbContextExtensions
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Creates the database if needed and applies pending migrations. EF takes a migration lock, so
    /// several instances starting together do not race. PostgreSQL may still be starting when we
    /// are: connection failures are retried for a while before the service gives up.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TDbContext>(this IHost app, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateDbContextExtensions));
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not ready for {DbContext} (attempt {Attempt}): {Reason}", typeof(TDbContext).Name, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow } => true,
        System.Net.Sockets.SocketException => true,
        InvalidOperationException { InnerException: { } inner } => IsTransient(inner),
        Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException { InnerException: { } inner } => IsTransient(inner),
        _ => ex.InnerException is { } nested && IsTransient(nested),
    };
}
