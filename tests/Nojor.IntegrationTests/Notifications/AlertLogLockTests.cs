using Nojor.IntegrationTests.Faults;
using Npgsql;
using static Nojor.Testing.Eventually;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>
/// Alerts commit in sequence order because every insert into the alerts table takes the alert log's lock before its row
/// draws a sequence (the migration <c>AlertInsertsTakeTheLogLock</c>). Checked on the platform's own database with two
/// transactions that roll back, so no alert is left behind for other tests' streams.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AlertLogLockTests(PlatformFixture platform)
{
    private const long AlertLogLock = 0x4e4a_0002;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_alert_insert_waits_for_the_alert_logs_lock_before_it_draws_its_sequence()
    {
        await using var first = await Databases.OpenAsync(platform, ResourceNames.NotificationDatabase);
        await using var second = await Databases.OpenAsync(platform, ResourceNames.NotificationDatabase);
        await using var firstTransaction = await first.BeginTransactionAsync();
        await using var secondTransaction = await second.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AlertLogLock}, 0)", first, firstTransaction))
        {
            await take.ExecuteNonQueryAsync();
        }

        var waiting = InsertAlertAsync(second, secondTransaction);
        await EventuallyAsync(async () => await WaitsForTheLockAsync(second.ProcessID), Timeout, "the second insert to wait for the lock");
        var firstSequence = await InsertAlertAsync(first, firstTransaction);
        await firstTransaction.RollbackAsync();
        var secondSequence = await waiting;
        await secondTransaction.RollbackAsync();

        // Had the waiting insert drawn its sequence before the lock, the lower one would have been its own.
        Assert.True(secondSequence > firstSequence, $"the insert that waited drew {secondSequence}, the one holding the lock {firstSequence}");
    }

    private async Task<bool> WaitsForTheLockAsync(int backend) =>
        (await Databases.QueryAsync(platform, ResourceNames.NotificationDatabase,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = @lock AND NOT granted AND pid = @pid",
            r => r.GetInt64(0), ("lock", AlertLogLock), ("pid", backend))).Single() == 1;

    private static async Task<long> InsertAlertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO alerts ("Id", "Type", "ArticleId", "SupersedeKey", "Facts", "Payload", "CreatedAt")
            VALUES (@id, 'breaking', @article, @article, '{}', '{}', now())
            RETURNING "Sequence"
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", "lock-test-" + Guid.NewGuid().ToString("N"));
        insert.Parameters.AddWithValue("article", Guid.NewGuid());
        return (long)(await insert.ExecuteScalarAsync())!;
    }
}
