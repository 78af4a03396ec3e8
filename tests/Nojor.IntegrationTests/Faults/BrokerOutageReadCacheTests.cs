using System.Text.Json;
using Nojor.IntegrationTests.Articles;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Faults;

/// <summary>
/// Every cache of report reads (each article instance's memory, the gateway's output cache) hears of changes one way: the
/// article events on RabbitMQ. Without the broker none of them can, so none may serve a copy; once it is back they serve
/// from memory again and hear changes again.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BrokerOutageReadCacheTests(FaultPlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Well under the minute a memory copy lives: a change seen sooner than this was not waited out, it was evicted.</summary>
    private static readonly TimeSpan EvictedWithin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task While_the_broker_is_away_reports_are_read_from_postgresql_and_once_it_is_back_the_caches_serve_and_hear_changes_again()
    {
        using var first = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
        first.DefaultRequestHeaders.Authorization = new("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        using var second = platform.App.CreateHttpClient(ResourceNames.ArticleApiSecondInstance);
        var tag = "brokerdown" + Guid.NewGuid().ToString("N")[..8];
        var headline = TestData.Unique("Tram depot floods after the river breaks its banks");
        var (filed, _) = await ArticleClient.FileAsync(first, ArticleClient.Report(headline, tags: [tag]));
        var slug = filed.GetProperty("slug").GetString()!;
        var id = filed.GetProperty("id").GetGuid();
        HttpClient[] readers = [first, second, platform.Gateway];

        // Every cache holds the report: a change made in PostgreSQL alone is not what they serve.
        foreach (var reader in readers)
        {
            await ReadAsync(reader, slug);
            await ListAsync(reader, tag);
        }
        await ChangeHeadlineInTheDatabaseAsync(id, "before the outage");
        foreach (var reader in readers)
        {
            Assert.Equal(headline, (await ReadAsync(reader, slug)).GetProperty("headline").GetString());
        }

        await ServerProcesses.KillBrokerAsync(platform);
        output.WriteLine("broker killed");
        try
        {
            // Each stops trusting its copies once it notices: from then on PostgreSQL answers every read, lists included.
            foreach (var reader in readers)
            {
                await Eventually.EventuallyAsync(async () =>
                {
                    var changed = await ChangeHeadlineInTheDatabaseAsync(id, "while the broker is down");
                    return (await ReadAsync(reader, slug)).GetProperty("headline").GetString() == changed ? (bool?)true : null;
                }, Timeout, $"{reader.BaseAddress} to read the report from PostgreSQL");
                var inDatabaseOnly = await ChangeHeadlineInTheDatabaseAsync(id, "while the broker is down");
                Assert.Equal(inDatabaseOnly, (await ReadAsync(reader, slug)).GetProperty("headline").GetString());
                var list = await ListAsync(reader, tag);
                Assert.Equal(inDatabaseOnly, list.GetProperty("items").EnumerateArray().Single().GetProperty("headline").GetString());
            }
        }
        finally
        {
            await ServerProcesses.StartAsync(platform, ResourceNames.Messaging);
        }
        output.WriteLine("broker back");

        // Back: each serves from memory again (a change in PostgreSQL alone stops showing)...
        foreach (var reader in readers)
        {
            await Eventually.EventuallyAsync(async () =>
            {
                await ReadAsync(reader, slug);
                var changed = await ChangeHeadlineInTheDatabaseAsync(id, "behind the caches' back");
                return (await ReadAsync(reader, slug)).GetProperty("headline").GetString() != changed ? (bool?)true : null;
            }, Timeout, $"{reader.BaseAddress} to serve the report from its cache again");
        }
        // ...and hears changes again: an editor's change through the first instance reaches the others' caches.
        var current = await first.GetAsync($"/api/articles/by-id/{id}/draft");
        var updated = await ArticleClient.SendAsync(first, HttpMethod.Put, $"/api/articles/by-id/{id}",
            ArticleClient.Report(headline + " overnight", tags: [tag]), ifMatch: current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        foreach (var reader in readers)
        {
            await Eventually.EventuallyAsync(async () => (await ReadAsync(reader, slug)).GetProperty("version").GetInt32() == 2 ? (bool?)true : null,
                EvictedWithin, $"{reader.BaseAddress} to serve the change made through the first instance");
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpClient reader, string slug)
    {
        using var response = await reader.GetAsync($"/api/articles/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ListAsync(HttpClient reader, string tag)
    {
        using var response = await reader.GetAsync($"/api/articles?tag={tag}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> ChangeHeadlineInTheDatabaseAsync(Guid id, string why)
    {
        var headline = TestData.Unique($"Changed in the database {why}");
        Assert.Equal(1, await Databases.ExecuteAsync(platform, ResourceNames.ArticleDatabase,
            """UPDATE articles SET "Headline" = @headline WHERE "Id" = @id""", ("headline", headline), ("id", id)));
        return headline;
    }
}
