using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Nojor.Hosting;

/// <summary>What a service does with its database schema when it starts.</summary>
internal enum DatabaseStartup
{
    /// <summary>Apply pending migrations, then serve: local runs and the tests, where nothing else migrates.</summary>
    MigrateThenServe,

    /// <summary>Serve without touching the schema: a cluster, where a Job migrates once per release.</summary>
    Serve,

    /// <summary>Apply pending migrations and exit without serving: the release's migration Job (<c>--migrate</c>).</summary>
    MigrateOnly,
}

/// <summary>Linked into each service: applies its checked-in EF migrations before it serves traffic, or instead of serving.</summary>
internal static class MigrateDbContextExtensions
{
    /// <summary>
    /// <c>false</c> in a cluster: replicas starting together would otherwise all migrate, and a rolling update would have
    /// old replicas serving against a schema their successors changed under them.
    /// </summary>
    public const string MigrateSetting = "Database:Migrate";

    /// <summary>The argument that makes the process migrate and exit (the release's migration Job passes it).</summary>
    public const string MigrateOnlyArgument = "--migrate";

    /// <summary>
    /// The migration's span, one trace per start that migrates (with the SQL it ran under it), so the dashboard shows
    /// when a service spent its start on the schema, or why it never served.
    /// </summary>
    public const string ActivitySourceName = "Nojor.Migrations";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Migrates or not as <see cref="StartupFor"/> decides, then serves until the host stops (or, with
    /// <c>--migrate</c>, returns as soon as the schema is up to date: no listener, consumer or worker starts).
    /// <paramref name="migrateData"/> runs right after the schema migration, wherever that runs (at start locally, in
    /// the release's Job in a cluster): for data migrations that need the service's own code, not only SQL.
    /// </summary>
    public static async Task MigrateAndRunAsync<TDbContext>(this WebApplication app, string[] args, Func<Task>? migrateData = null)
        where TDbContext : DbContext
    {
        var startup = StartupFor(args, app.Configuration);
        if (startup != DatabaseStartup.Serve)
        {
            await app.Services.MigrateAsync<TDbContext>(migrateData);
        }
        if (startup == DatabaseStartup.MigrateOnly)
        {
            // Disposing the services flushes the exporters, so the Job's migration reaches the dashboard before it exits.
            await app.DisposeAsync();
            return;
        }
        await app.RunAsync();
    }

    /// <summary>
    /// <c>--migrate</c> wins over the setting; otherwise <see cref="MigrateSetting"/>, true unless set, so a local run
    /// and the tests migrate at start as they always did.
    /// </summary>
    public static DatabaseStartup StartupFor(IReadOnlyCollection<string> args, IConfiguration configuration) =>
        args.Contains(MigrateOnlyArgument, StringComparer.Ordinal) ? DatabaseStartup.MigrateOnly
        : configuration.GetValue(MigrateSetting, true) ? DatabaseStartup.MigrateThenServe
        : DatabaseStartup.Serve;

    /// <summary>
    /// Creates the database if needed, applies pending migrations, then runs <paramref name="migrateData"/>, all in one
    /// span (an error on it when they fail). EF takes a migration lock, so several instances starting together do not
    /// race. PostgreSQL may still be starting when we are: connection failures are retried for a while before the
    /// service gives up.
    /// </summary>
    public static async Task MigrateAsync<TDbContext>(this IServiceProvider services, Func<Task>? migrateData = null,
        CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        using var activity = Source.StartActivity($"migrate {typeof(TDbContext).Name}");
        activity?.SetTag("db.system.name", "postgresql");
        activity?.SetTag("nojor.migration.context", typeof(TDbContext).Name);
        try
        {
            var attempts = await MigrateSchemaAsync<TDbContext>(services, cancellationToken);
            activity?.SetTag("nojor.migration.attempts", attempts);
            if (migrateData is not null)
            {
                activity?.AddEvent(new ActivityEvent("schema migrated"));
                await migrateData();
            }
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            throw;
        }
    }

    /// <summary>Applies pending migrations; returns the attempts it took.</summary>
    private static async Task<int> MigrateSchemaAsync<TDbContext>(IServiceProvider services, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateDbContextExtensions));
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                await db.Database.MigrateAsync(cancellationToken);
                return attempt;
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
