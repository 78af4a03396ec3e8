using Npgsql;

namespace Nojor.IntegrationTests.Faults;

/// <summary>Direct looks at (and changes to) the platform's databases, past every service and cache.</summary>
internal static class Databases
{
    public static async Task<List<T>> QueryAsync<T>(PlatformFixture platform, string database, string sql, Func<NpgsqlDataReader, T> read,
        params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(platform, database);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public static async Task<int> ExecuteAsync(PlatformFixture platform, string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(platform, database);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>A connection of its own (unpooled), for a test that holds a transaction open.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(PlatformFixture platform, string database)
    {
        var connectionString = await platform.App.GetConnectionStringAsync(database)
            ?? throw new InvalidOperationException($"No connection string for {database}.");
        // Unpooled: a pooled connection to a server a test killed would fail the first query after its restart.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
