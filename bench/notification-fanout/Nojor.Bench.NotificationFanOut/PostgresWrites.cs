using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Nojor;
using Npgsql;

/// <summary>
/// What PostgreSQL wrote for the measured alert: WAL bytes (the whole server) and, per table of the notification
/// database, rows inserted, updated, and updated in place (HOT: no new index entries, the row stays on its page).
/// A steadier measure of the fan-out's database work than CPU time, which varies from one start to the next.
/// </summary>
internal sealed record PostgresWrites(long WalBytes, IReadOnlyDictionary<string, TableWrites> Tables)
{
    private static readonly string[] Watched = ["webhook_deliveries", "delivery_attempts", "subscriptions", "alerts"];

    // A backend reports its table counts when it goes idle, at the latest 10 s after its last transaction (PostgreSQL 15).
    public static readonly TimeSpan StatisticsDelay = TimeSpan.FromSeconds(11);

    public static async Task<PostgresWrites> SnapshotAsync(DistributedApplication app)
    {
        await using var db = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await db.OpenAsync();
        await using var wal = new NpgsqlCommand("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn", db);
        var walBytes = Convert.ToInt64(await wal.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        await using var tables = new NpgsqlCommand(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = ANY(@names)", db);
        tables.Parameters.AddWithValue("names", Watched);
        var counts = new Dictionary<string, TableWrites>();
        await using var reader = await tables.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = new TableWrites(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
        return new PostgresWrites(walBytes, counts);
    }

    public PostgresWrites Since(PostgresWrites before) => new(WalBytes - before.WalBytes,
        Tables.ToDictionary(t => t.Key, t => before.Tables.TryGetValue(t.Key, out var b) ? t.Value - b : t.Value));
}

internal sealed record TableWrites(long Inserted, long Updated, long HotUpdated)
{
    public static TableWrites operator -(TableWrites after, TableWrites before) =>
        new(after.Inserted - before.Inserted, after.Updated - before.Updated, after.HotUpdated - before.HotUpdated);
}
