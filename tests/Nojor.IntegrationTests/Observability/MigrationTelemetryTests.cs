using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Hosting;
using Nojor.Notifications.Data;
using Npgsql;

namespace Nojor.IntegrationTests.Observability;

/// <summary>
/// The migration step every service runs at start (or alone, in the release's Job), read back as the dashboard gets it:
/// one span per migration, the SQL it ran beneath it, an error on it when it fails. The notification service's real
/// migrations run against an empty database of their own on the platform's PostgreSQL.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MigrationTelemetryTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly string _database = "migration_telemetry_" + Guid.NewGuid().ToString("N")[..8];
    private string _serverConnectionString = "";
    private ServiceProvider _services = null!;
    private InMemoryTelemetry _telemetry = null!;

    public async Task InitializeAsync()
    {
        _serverConnectionString = await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase)
            ?? throw new InvalidOperationException("The notification database has no connection string.");
        await ExecuteOnServerAsync($"CREATE DATABASE {_database}");
        var connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database }.ConnectionString;

        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<NotificationDbContext>(options => options.UseNpgsql(connectionString));
        // The shell registers the migrations' source with the service's tracing; Npgsql's is one ServiceDefaults adds.
        _telemetry = InMemoryTelemetry.AddTo(services, MigrateDbContextExtensions.ActivitySourceName, "Npgsql");
        _services = services.BuildServiceProvider(validateScopes: true);
        _telemetry.Start(_services);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task A_migration_is_one_span_with_the_sql_it_ran_beneath_it_and_the_data_migration_inside_it()
    {
        var dataMigrated = false;
        await _services.MigrateAsync<NotificationDbContext>(() =>
        {
            dataMigrated = Activity.Current?.OperationName == $"migrate {nameof(NotificationDbContext)}";
            return Task.CompletedTask;
        });

        var migration = Assert.Single(_telemetry.Spans, s => s.Source.Name == MigrateDbContextExtensions.ActivitySourceName);
        Assert.Equal($"migrate {nameof(NotificationDbContext)}", migration.DisplayName);
        Assert.Equal(ActivityStatusCode.Unset, migration.Status);
        Assert.Equal(nameof(NotificationDbContext), migration.GetTagItem("nojor.migration.context"));
        Assert.Equal(1, migration.GetTagItem("nojor.migration.attempts"));
        Assert.True(dataMigrated, "The data migration ran outside the migration's span.");
        Assert.Contains(_telemetry.Spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == migration.SpanId);

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_failed_migration_leaves_an_error_on_its_span_and_stops_the_start()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _services.MigrateAsync<NotificationDbContext>(
            () => throw new InvalidOperationException("The data migration failed.")));

        var migration = Assert.Single(_telemetry.Spans, s => s.Source.Name == MigrateDbContextExtensions.ActivitySourceName);
        Assert.Equal(ActivityStatusCode.Error, migration.Status);
        Assert.Equal(failure.Message, migration.StatusDescription);
        Assert.Contains(migration.Events, e => e.Name == "exception");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
