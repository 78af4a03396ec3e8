using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Gateway;
using Nojor.IntegrationTests.Notifications;
using Npgsql;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Replicas;

/// <summary>
/// Two instances of everything (<c>Platform:Replicas=2</c>), driven through both gateways: the work is shared, nothing is
/// done twice, and what one instance changes every other one sees.
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed class ReplicaTests(ReplicaPlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    /// <summary>The gateway's default <c>Gateway:ReadCache:MaxAge</c>: a change seen sooner than this was evicted, not expired.</summary>
    private static readonly TimeSpan CacheEntryLifetime = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Both_notification_instances_share_a_batch_of_alerts_filed_through_both_gateways_and_no_subscriber_gets_one_twice()
    {
        const int Reports = 12;
        output.WriteLine($"replica platform healthy after {platform.StartedIn.TotalSeconds:F1} s");
        var tag = "replica-" + Guid.NewGuid().ToString("N")[..8];
        var receivers = new List<WebhookReceiver>();
        try
        {
            foreach (var gateway in ReplicaPlatformFixture.Gateways.Concat(ReplicaPlatformFixture.Gateways))
            {
                var receiver = await WebhookReceiver.StartAsync();
                receivers.Add(receiver);
                using var client = platform.Client(gateway);
                await WebhookSubscriptions.SubscribeAsync(client, receiver.Url, new { tags = new[] { tag } });
            }

            var headlines = await FileBreakingReportsAsync(Reports, tag);
            foreach (var receiver in receivers)
            {
                foreach (var (headline, _) in headlines)
                {
                    await receiver.ReceivedAsync(headline, Generous);
                }
            }
            // Nothing is left to send once every delivery of these alerts is settled: a second send would need a pending row.
            var articleIds = headlines.Select(h => h.ArticleId).ToArray();
            await Eventually.EventuallyAsync(async () => await CountAsync(ResourceNames.NotificationDatabase, """
                SELECT count(*) FROM webhook_deliveries d JOIN alerts a ON a."Id" = d."AlertId"
                WHERE a."ArticleId"::text = ANY(@ids) AND d."Status" = 'Pending'
                """, articleIds) == 0, Generous, "every delivery of the batch settled");

            Assert.Equal(Reports, await CountAsync(ResourceNames.NotificationDatabase, """SELECT count(*) FROM alerts WHERE "ArticleId"::text = ANY(@ids)""", articleIds));
            foreach (var receiver in receivers)
            {
                foreach (var (headline, _) in headlines)
                {
                    Assert.Single(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));
                }
                Assert.Equal(receiver.All.Count, receiver.All.Select(w => w.Headers["webhook-id"]).Distinct().Count());
            }
            // One attempt per delivery: no instance sent what another had sent.
            Assert.Equal(Reports * receivers.Count, await CountAsync(ResourceNames.NotificationDatabase, """
                SELECT count(*) FROM delivery_attempts t JOIN webhook_deliveries d ON d."Id" = t."DeliveryId" JOIN alerts a ON a."Id" = d."AlertId"
                WHERE a."ArticleId"::text = ANY(@ids)
                """, articleIds));

            // Both instances consumed events and both sent webhooks: the work was shared, not done by one of them.
            var raisedBy = await DistinctAsync("""SELECT DISTINCT "RaisedBy" FROM alerts WHERE "ArticleId"::text = ANY(@ids)""", articleIds);
            var attemptedBy = await DistinctAsync("""
                SELECT DISTINCT t."AttemptedBy" FROM delivery_attempts t JOIN webhook_deliveries d ON d."Id" = t."DeliveryId"
                JOIN alerts a ON a."Id" = d."AlertId" WHERE a."ArticleId"::text = ANY(@ids)
                """, articleIds);
            output.WriteLine($"raised by: {string.Join(", ", raisedBy)}; attempted by: {string.Join(", ", attemptedBy)}");
            Assert.Equal(2, raisedBy.Count);
            Assert.Equal(2, attemptedBy.Count);
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Both_instances_of_every_consuming_service_handle_a_share_of_a_batch_of_events_and_none_handles_one_twice()
    {
        const int Reports = 40;
        var tag = "replica-" + Guid.NewGuid().ToString("N")[..8];
        var articleIds = (await FileBreakingReportsAsync(Reports, tag, "Harbour closed to shipping")).Select(h => h.ArticleId).ToArray();

        // The events as the article service's outbox published them: the outbox row's id is the broker message's id.
        foreach (var (consumingService, eventType) in new[]
        {
            (ResourceNames.FeedbackApi, "ArticlePublished"),
            (ResourceNames.NotificationApi, "BreakingNewsIssued"),
        })
        {
            var database = consumingService == ResourceNames.FeedbackApi ? ResourceNames.FeedbackDatabase : ResourceNames.NotificationDatabase;
            var messageIds = (await RowsAsync(ResourceNames.ArticleDatabase, $"""
                SELECT id FROM outbox_messages WHERE message_type LIKE 'Nojor.Contracts.{eventType},%' AND body->>'articleId' = ANY(@ids)
                """, articleIds, r => r.GetGuid(0))).ToArray();
            Assert.Equal(Reports, messageIds.Length);

            // Every event handled: its inbox row commits with its effects, so once all are there the batch is done.
            List<(Guid MessageId, string? HandledBy)> handled = [];
            await Eventually.EventuallyAsync(async () =>
            {
                handled = await RowsAsync(database, "SELECT message_id, handled_by FROM inbox_messages WHERE message_id = ANY(@ids)",
                    messageIds, r => (r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1)));
                return handled.Count >= Reports;
            }, Generous, $"{consumingService} to handle all {Reports} {eventType} events");

            // One inbox row per event: no instance handled one another had handled (a second would be a second row).
            Assert.Equal(Reports, handled.Count);
            Assert.Equal(Reports, handled.Select(h => h.MessageId).Distinct().Count());

            // Handled by the two running processes of the service, each a share: the consumers compete for one queue.
            var instances = new[] { consumingService, ResourceNames.Instance(consumingService, 2) }
                .Select(resource => $"{Environment.MachineName}:{Faults.ServerProcesses.ServiceProcessOf(platform, resource)}")
                .ToHashSet();
            var shares = handled.GroupBy(h => h.HandledBy).ToDictionary(g => g.Key ?? "(none)", g => g.Count());
            output.WriteLine($"{consumingService}: {string.Join(", ", shares.Select(s => $"{s.Key} handled {s.Value}"))}");
            Assert.Equal(instances.Order(), shares.Keys.Order());
        }
        // And the effects once: one alert per report.
        Assert.Equal(Reports, await CountAsync(ResourceNames.NotificationDatabase, """SELECT count(*) FROM alerts WHERE "ArticleId"::text = ANY(@ids)""", articleIds));
    }

    [Fact]
    public async Task Stream_clients_on_either_gateway_get_every_alert_once()
    {
        const int Reports = 8;
        var tag = "replica-" + Guid.NewGuid().ToString("N")[..8];
        // Two streams through each gateway: a gateway sends a new stream to the instance with fewer open, so between them
        // the four reach both notification instances through both gateways.
        var clients = ReplicaPlatformFixture.Gateways.SelectMany(g => new[] { StreamClient(g), StreamClient(g) }).ToList();
        var streams = new List<SseReader>();
        try
        {
            foreach (var client in clients)
            {
                streams.Add(await SseReader.ConnectAsync(client, $"/api/notifications/stream?tags={tag}", lastEventId: null));
            }
            var headlines = (await FileBreakingReportsAsync(Reports, tag)).Select(h => h.Headline).ToList();
            // The two instances raise alerts side by side, so a stream may get them out of filing order: first every one
            // of them on every stream, then a marker filed after that, which any second copy would come before.
            var seenOn = new List<List<string>>();
            foreach (var stream in streams)
            {
                seenOn.Add(await ReadUntilAllAsync(stream, headlines));
            }
            var marker = (await FileBreakingReportsAsync(1, tag, "Marker bulletin"))[0].Headline;

            foreach (var (stream, seen) in streams.Zip(seenOn))
            {
                seen.AddRange(await ReadUntilAsync(stream, marker));
                foreach (var headline in headlines)
                {
                    Assert.True(seen.Count(h => h == headline) == 1, $"'{headline}' streamed {seen.Count(h => h == headline)} times on one stream");
                }
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream.Dispose();
            }
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_correction_through_one_gateway_is_read_fresh_through_both_gateways_and_from_both_article_instances()
    {
        using var editor = platform.Client(ResourceNames.Gateway, PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        var (filed, etag) = await ArticleClient.FileAsync(editor, ArticleClient.Report(TestData.Unique("Ferry timetable changes for the winter")));
        var id = filed.GetProperty("id").GetString()!;
        var slug = filed.GetProperty("slug").GetString()!;
        var readers = ReplicaPlatformFixture.Gateways.Select(g => platform.Client(g)).ToList();
        try
        {
            foreach (var reader in readers)
            {
                await ReadCachedAsync(reader, $"/api/articles/{slug}");
                await ReadCachedAsync(reader, $"/articles/{slug}");
            }
            var cachedAt = Stopwatch.StartNew();

            // Through the first gateway only: the second hears of it from the ArticleUpdated event alone.
            var note = "The winter timetable starts a week later than first reported";
            var corrected = await ArticleClient.SendAsync(editor, HttpMethod.Post, $"/api/articles/by-id/{id}/corrections", new { note }, ifMatch: etag);
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

            foreach (var reader in readers)
            {
                await Eventually.EventuallyAsync(async () =>
                    (await reader.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("corrections").GetArrayLength() == 1 ? (bool?)true : null,
                    TimeSpan.FromSeconds(15), $"{reader.BaseAddress} to serve the corrected report");
                await Eventually.EventuallyAsync(async () =>
                    (await reader.GetStringAsync($"/articles/{slug}")).Contains(note, StringComparison.Ordinal) ? (bool?)true : null,
                    TimeSpan.FromSeconds(15), $"{reader.BaseAddress} to serve the corrected report page");
            }
            Assert.True(cachedAt.Elapsed < CacheEntryLifetime, "the entries could have simply expired; the test proves nothing");

            // Behind the gateways, each article instance drops its own copy when the event reaches it.
            foreach (var instance in new[] { ResourceNames.ArticleApi, ResourceNames.ArticleApiSecondInstance })
            {
                using var service = platform.Client(instance);
                await Eventually.EventuallyAsync(async () =>
                    (await service.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("corrections").GetArrayLength() == 1 ? (bool?)true : null,
                    TimeSpan.FromSeconds(15), $"{instance} to serve the corrected report from its memory");
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_scheduled_report_is_published_once_with_one_event_and_one_alert_on_every_gateway()
    {
        var tag = "replica-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync();
        using (var subscriber = platform.Client(ResourceNames.GatewaySecondInstance))
        {
            await WebhookSubscriptions.SubscribeAsync(subscriber, receiver.Url, new { tags = new[] { tag } });
        }
        var clients = ReplicaPlatformFixture.Gateways.Select(StreamClient).ToList();
        var streams = new List<SseReader>();
        try
        {
            foreach (var client in clients)
            {
                streams.Add(await SseReader.ConnectAsync(client, $"/api/notifications/stream?tags={tag}", lastEventId: null));
            }
            var token = PlatformFixture.IssueToken(PlatformFixture.EditorRole);
            using var first = platform.Client(ResourceNames.Gateway, token);
            using var second = platform.Client(ResourceNames.GatewaySecondInstance, token);
            var headline = TestData.Unique("Polling stations open at seven");
            var (filed, _) = await ArticleClient.FileAsync(first, ArticleClient.Report(headline, urgency: 2, breaking: true, draft: true, tags: [tag]));
            var id = filed.GetProperty("id").GetString()!;
            var slug = filed.GetProperty("slug").GetString()!;
            // Both article instances run their scheduler every couple of seconds; the report falls due for both at once.
            var scheduled = await second.PostAsJsonAsync($"/api/articles/by-id/{id}/schedule", new { publishAt = DateTimeOffset.UtcNow.AddSeconds(6) });
            Assert.True(scheduled.IsSuccessStatusCode, await scheduled.Content.ReadAsStringAsync());

            await receiver.ReceivedAsync(headline, Generous);
            // A report filed after the publication: whatever the publication caused is delivered ahead of it or with it.
            var marker = (await FileBreakingReportsAsync(1, tag, "Marker bulletin"))[0].Headline;
            await receiver.ReceivedAsync(marker, Generous);
            foreach (var stream in streams)
            {
                var seen = await ReadUntilAsync(stream, marker);
                Assert.Single(seen, h => h == headline);
            }
            Assert.Single(receiver.All, w => w.Body.Contains(headline, StringComparison.Ordinal));

            foreach (var gateway in new[] { first, second })
            {
                var revisions = await gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/revisions");
                Assert.Single(revisions.EnumerateArray(), r => r.GetProperty("change").GetString() == "published");
            }
            Assert.Equal(1, await CountAsync(ResourceNames.ArticleDatabase, """
                SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'Nojor.Contracts.ArticlePublished,%' AND body->>'articleId' = ANY(@ids)
                """, [id]));
            Assert.Equal(1, await CountAsync(ResourceNames.ArticleDatabase, """
                SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'Nojor.Contracts.BreakingNewsIssued,%' AND body->>'articleId' = ANY(@ids)
                """, [id]));
            Assert.Equal(1, await CountAsync(ResourceNames.NotificationDatabase, """SELECT count(*) FROM alerts WHERE "ArticleId"::text = ANY(@ids)""", [id]));
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream.Dispose();
            }
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Each_gateway_counts_a_clients_budget_on_its_own_as_documented_per_instance()
    {
        // Searches are budgeted per signed-in subject: a fresh one is a client no other test shares.
        var token = PlatformFixture.IssueToken(PlatformFixture.EditorRole);
        using var first = platform.Client(ResourceNames.Gateway, token);
        using var second = platform.Client(ResourceNames.GatewaySecondInstance, token);

        Assert.Equal(ReplicaPlatformFixture.SearchBudget, await SearchUntilRefusedAsync(first));
        // The first gateway's window is spent, and the second still grants its whole budget: the counters are per instance.
        Assert.Equal(ReplicaPlatformFixture.SearchBudget, await SearchUntilRefusedAsync(second));
        await ProblemAssert.IsProblemAsync(await first.GetAsync("/api/search?q=harbour"), HttpStatusCode.TooManyRequests);
    }

    /// <summary>Files breaking reports tagged <paramref name="tag"/>, alternately through each gateway, each by an editor of its own.</summary>
    private async Task<List<(string Headline, string ArticleId)>> FileBreakingReportsAsync(int count, string tag, string headline = "Flood warning for the river valley")
    {
        var editors = ReplicaPlatformFixture.Gateways.Select(g => platform.Client(g, PlatformFixture.IssueToken(PlatformFixture.EditorRole))).ToList();
        try
        {
            var filed = new List<(string, string)>();
            for (var i = 0; i < count; i++)
            {
                var unique = TestData.Unique($"{headline}, bulletin {i + 1}");
                var (body, _) = await ArticleClient.FileAsync(editors[i % editors.Count], ArticleClient.Report(unique, urgency: 2, breaking: true, tags: [tag]));
                filed.Add((unique, body.GetProperty("id").GetString()!));
            }
            return filed;
        }
        finally
        {
            foreach (var editor in editors)
            {
                editor.Dispose();
            }
        }
    }

    private HttpClient StreamClient(string gateway)
    {
        var client = platform.Client(gateway);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    /// <summary>The headlines a stream carries up to and including <paramref name="marker"/>, in order.</summary>
    private static async Task<List<string>> ReadUntilAllAsync(SseReader stream, IReadOnlyCollection<string> expected)
    {
        var seen = new List<string>();
        while (!expected.All(seen.Contains))
        {
            var streamed = await stream.NextEventAsync(Generous);
            seen.Add(JsonDocument.Parse(streamed.Data).RootElement.GetProperty("data").GetProperty("headline").GetString()!);
        }
        return seen;
    }

    private static async Task<List<string>> ReadUntilAsync(SseReader stream, string marker)
    {
        var seen = new List<string>();
        while (seen.LastOrDefault() != marker)
        {
            var streamed = await stream.NextEventAsync(Generous);
            seen.Add(JsonDocument.Parse(streamed.Data).RootElement.GetProperty("data").GetProperty("headline").GetString()!);
        }
        return seen;
    }

    /// <summary>Reads until the gateway answers from its cache (it marks those answers with <c>Age</c>).</summary>
    private static Task<HttpResponseMessage> ReadCachedAsync(HttpClient reader, string path) =>
        Eventually.EventuallyAsync(async () =>
        {
            var response = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.Age is not null ? response : null;
        }, TimeSpan.FromSeconds(15), $"{reader.BaseAddress} to answer {path} from its cache");

    /// <summary>Searches until refused (429 with <c>Retry-After</c>) and returns how many were answered before that.</summary>
    private static async Task<int> SearchUntilRefusedAsync(HttpClient gateway)
    {
        for (var answered = 0; answered <= ReplicaPlatformFixture.SearchBudget * 2; answered++)
        {
            var response = await gateway.GetAsync("/api/search?q=harbour");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                return answered;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        throw new Xunit.Sdk.XunitException($"{gateway.BaseAddress} answered twice its budget of searches without refusing one.");
    }

    private async Task<long> CountAsync(string database, string sql, string[] ids)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<T>> RowsAsync<TId, T>(string database, string sql, TId[] ids, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private async Task<List<string>> DistinctAsync(string sql, string[] ids)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.NotificationDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
