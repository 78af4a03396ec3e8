using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Faults;

[Collection(FaultCollection.Name)]
public sealed class PostgresCrashTests(FaultPlatformFixture platform, ITestOutputHelper output)
{
    /// <summary>Longer than any answer may take: a request still unanswered by then hangs, which is a failure of its own.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(10);

    private static readonly string[] ServicesOnPostgres =
        [ResourceNames.ArticleApi, ResourceNames.ArticleApiSecondInstance, ResourceNames.FeedbackApi, ResourceNames.NotificationApi,
        ResourceNames.NotificationApiSecondInstance];

    private static readonly (string Database, string Table)[] WrittenTables =
        [(ResourceNames.ArticleDatabase, "articles"), (ResourceNames.FeedbackDatabase, "beta_feedback"), (ResourceNames.NotificationDatabase, "subscriptions")];

    [Fact]
    public async Task PostgreSQL_killed_mid_writes_loses_no_accepted_write_refuses_with_503_meanwhile_and_recovers_within_seconds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var reader = Client();
        using var editor = Client();
        editor.DefaultRequestHeaders.Authorization = new("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        Writer[] writers =
        [
            new(ResourceNames.ArticleDatabase, i => editor.PostAsJsonAsync("/api/articles",
                Articles.ArticleClient.Report(TestData.Unique($"Council meets on the flood plan, part {i}")))),
            new(ResourceNames.FeedbackDatabase, i => reader.PostAsJsonAsync("/api/feedback",
                new { kind = "idea", text = $"Idea number {i} sent while the database may be down", page = "/" })),
            new(ResourceNames.NotificationDatabase, _ => reader.PostAsJsonAsync("/api/subscriptions", new { url = receiver.Url })),
        ];
        using var stop = new CancellationTokenSource();
        var running = writers.Select(w => w.RunAsync(stop.Token)).ToArray();
        try
        {
            await UntilAsync(() => writers.All(w => w.Accepted(after: DateTimeOffset.MinValue) >= 3), "every kind of write accepted");

            var killedAt = DateTimeOffset.UtcNow;
            var leftBehind = await ServerProcesses.KillAsync(platform, ResourceNames.Postgres);
            output.WriteLine($"postmaster killed; {leftBehind} backends had to be killed after it");
            // The outage as clients see it: every kind of write refused a few times.
            await UntilAsync(() => writers.All(w => w.Refused(after: killedAt) >= 3), "every kind of write refused while PostgreSQL is down");

            await ServerProcesses.StartAsync(platform, ResourceNames.Postgres);
            var backAt = await UntilBackAsync();
            output.WriteLine($"PostgreSQL answering again {(backAt - killedAt).TotalSeconds:F1} s after the kill");
            foreach (var (database, _) in WrittenTables)
            {
                output.WriteLine($"{database}: {(await QueryAsync(database, UnpublishedEvents, r => r.GetInt64(0))).Single()} events not yet relayed");
            }

            var healthy = await Task.WhenAll(ServicesOnPostgres.Select(service => HealthyAtAsync(service, backAt + PhaseTimeout)));
            foreach (var (service, at) in ServicesOnPostgres.Zip(healthy))
            {
                output.WriteLine($"{service} healthy {(at - backAt).TotalSeconds:F1} s after PostgreSQL was back");
                Assert.True(at - backAt <= HealthyWithin, $"{service} healthy only {(at - backAt).TotalSeconds:F1} s after PostgreSQL was back");
            }
            await UntilAsync(() => writers.All(w => w.Accepted(after: backAt) >= 3), "every kind of write accepted again");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
            foreach (var writer in writers)
            {
                output.WriteLine($"{writer.Database}: " + string.Join(", ", writer.Answers
                    .GroupBy(a => a.Status?.ToString() ?? "no answer").Select(g => $"{g.Count()} × {g.Key}")));
            }
            if (ServerProcesses.IsDown(platform, ResourceNames.Postgres))
            {
                await ServerProcesses.StartAsync(platform, ResourceNames.Postgres);
            }
        }

        var answers = writers.SelectMany(w => w.Answers).ToList();
        output.WriteLine($"{answers.Count(a => a.Status is >= 200 and < 300)} writes accepted, {answers.Count(a => a.Status == 503)} refused with 503");
        // Not one hang, reset or other failure: while the database is gone, every answer is 503 problem details.
        Assert.All(answers, a => Assert.True(a.Status is >= 200 and < 300 || (a.Status == 503 && a.MediaType == "application/problem+json"),
            $"{a.Database}: {a.Status?.ToString() ?? a.Failure} ({a.MediaType}) {a.Body}"));

        // Every accepted write is there after the crash.
        foreach (var writer in writers)
        {
            var accepted = writer.Answers.Where(a => a.Id is not null).Select(a => a.Id!.Value).ToList();
            var table = WrittenTables.Single(t => t.Database == writer.Database).Table;
            var stored = await QueryAsync(writer.Database, $"""SELECT "Id" FROM {table} WHERE "Id" = ANY(@ids)""",
                reader => reader.GetGuid(0), ("ids", accepted.ToArray()));
            Assert.Empty(accepted.Except(stored));
        }

        // And every event the outboxes held (written with those rows, unsent when the server died) is relayed.
        foreach (var (database, _) in WrittenTables)
        {
            await UntilAsync(async () => (await QueryAsync(database, UnpublishedEvents,
                reader => reader.GetInt64(0))).Single() == 0, $"the {database} outbox to have relayed every event");
        }
    }

    private const string UnpublishedEvents = "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL";

    private HttpClient Client() => new() { BaseAddress = platform.GatewayAddress, Timeout = RequestTimeout };

    /// <summary>When PostgreSQL, crash recovery done, answers a query on every service's database.</summary>
    private async Task<DateTimeOffset> UntilBackAsync()
    {
        await UntilAsync(async () =>
        {
            try
            {
                foreach (var (database, _) in WrittenTables)
                {
                    await QueryAsync(database, "SELECT 1", reader => reader.GetInt32(0));
                }
                return true;
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }, "PostgreSQL to answer queries again", pause: TimeSpan.FromMilliseconds(100));
        return DateTimeOffset.UtcNow;
    }

    private async Task<DateTimeOffset> HealthyAtAsync(string service, DateTimeOffset deadline)
    {
        using var client = platform.App.CreateHttpClient(service);
        client.Timeout = RequestTimeout;
        while (!(await client.GetAsync("/health")).IsSuccessStatusCode)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{service} not healthy again");
            await Task.Delay(100);
        }
        return DateTimeOffset.UtcNow;
    }

    private Task<List<T>> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters) =>
        Databases.QueryAsync(platform, database, sql, read, parameters);

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? pause = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > PhaseTimeout)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {PhaseTimeout.TotalSeconds} s waiting for {what}.");
            }
            await Task.Delay(pause ?? TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>One answer a writer got (or the failure instead of one).</summary>
    private sealed record Answer(string Database, DateTimeOffset SentAt, int? Status, string? MediaType, Guid? Id, string? Body, string? Failure);

    /// <summary>Sends one kind of write, one after another, a few a second, and keeps every answer.</summary>
    private sealed class Writer(string database, Func<int, Task<HttpResponseMessage>> send)
    {
        public string Database => database;

        public ConcurrentQueue<Answer> Answers { get; } = new();

        public int Accepted(DateTimeOffset after) => Answers.Count(a => a.Id is not null && a.SentAt > after);

        public int Refused(DateTimeOffset after) => Answers.Count(a => a.Status == 503 && a.SentAt > after);

        public async Task RunAsync(CancellationToken stop)
        {
            await Task.Yield();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var sentAt = DateTimeOffset.UtcNow;
                try
                {
                    // Not cancelled by the stop: a request in flight is answered and counted like every other.
                    using var response = await send(i);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    Guid? id = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid() : null;
                    Answers.Enqueue(new(database, sentAt, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, id,
                        response.IsSuccessStatusCode ? null : body, null));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Answers.Enqueue(new(database, sentAt, null, null, null, null, $"{ex.GetType().Name}: {ex.Message}"));
                }
                try
                {
                    // A steady trickle rather than a flood: the point is writes in flight when the server dies.
                    await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }
}
