namespace Nojor.IntegrationTests.Faults;

/// <summary>
/// The local PostgreSQL is as durable as a production server: a write the services answered 2xx for is on disk before the
/// answer, so it survives the machine losing power, not only the server crashing (<see cref="PostgresCrashTests"/>).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DurabilityTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("fsync")]
    [InlineData("full_page_writes")]
    [InlineData("synchronous_commit")]
    public async Task The_local_database_flushes_every_commit_to_disk_before_answering(string setting)
    {
        var value = (await Databases.QueryAsync(platform, ResourceNames.FeedbackDatabase,
            "SELECT setting FROM pg_settings WHERE name = @name", r => r.GetString(0), ("name", setting))).Single();

        Assert.Equal("on", value);
    }
}
