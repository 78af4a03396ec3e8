using System.Text.Json;
using Npgsql;

namespace Nojor.IntegrationTests.Feedback;

/// <summary>Shared steps of the feedback tests: readers, published reports, retractions and direct looks at the databases.</summary>
internal sealed class FeedbackScenario(PlatformFixture platform)
{
    public const string ReaderHeader = "X-Reader-Token";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    public HttpClient Gateway => platform.Gateway;

    /// <summary>A new anonymous reader: a gateway client that sends its own reader token in the header.</summary>
    public async Task<HttpClient> NewReaderAsync() => WithToken(await IssueTokenAsync());

    /// <summary>
    /// Asks the service for a reader token. Plain clients without cookies: the factory's clients share one cookie
    /// jar, which would silently turn every other test's anonymous client into this reader.
    /// </summary>
    public async Task<string> IssueTokenAsync()
    {
        using var client = NewGatewayClient();
        var issued = await client.PostAsync("/api/feedback/readers", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public HttpClient NewGatewayClient() => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = platform.Gateway.BaseAddress };

    private HttpClient WithToken(string token)
    {
        var client = NewGatewayClient();
        client.DefaultRequestHeaders.Add(ReaderHeader, token);
        return client;
    }

    /// <summary>Files and publishes a report through the article service, then waits until the feedback service has heard of it.</summary>
    public async Task<PublishedArticle> PublishArticleAsync(string headline = "Ferry timetable changes for the winter")
    {
        var filed = await platform.EditorGateway().PostAsJsonAsync("/api/articles", new
        {
            headline = TestData.Unique(headline),
            summary = "The island ferry will sail less often from December.",
            body = "Islanders said the later first crossing makes the morning commute harder.",
            section = "world",
            tags = new[] { "x" },
            urgency = 5,
            breaking = false,
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var body = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var article = new PublishedArticle(body.GetProperty("id").GetGuid(), body.GetProperty("slug").GetString()!, body.GetProperty("version").GetInt32());
        await WaitForSummaryAsync(article.Id, s => s.GetProperty("version").GetInt32() >= article.Version);
        return article;
    }

    /// <summary>Polls the article's feedback summary until it satisfies the condition (events are asynchronous).</summary>
    public async Task<JsonElement> WaitForSummaryAsync(Guid articleId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + EventTimeout;
        while (true)
        {
            var response = await platform.Gateway.GetAsync($"/api/feedback/articles/{articleId}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (condition(summary))
                {
                    return summary;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"The feedback read model did not reach the expected state of {articleId} in time.");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Publishes an article event exactly as the article service does: a row in its outbox, which its relay sends
    /// to RabbitMQ. Used for events the article service has no endpoint for yet (retraction) or in an order it would
    /// never produce (out-of-order delivery).
    /// </summary>
    /// <returns>The message id, which the consumer's inbox records once the event is handled.</returns>
    public async Task<Guid> PublishArticleEventAsync<TEvent>(TEvent articleEvent) where TEvent : class
    {
        var messageId = Guid.CreateVersion7();
        var connectionString = await platform.App.GetConnectionStringAsync(ResourceNames.ArticleDatabase);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO outbox_messages (id, message_type, body, occurred_at, attempts, next_attempt_at)
            VALUES (@id, @type, CAST(@body AS jsonb), now(), 0, now())
            """, connection);
        insert.Parameters.AddWithValue("id", messageId);
        insert.Parameters.AddWithValue("type", $"{typeof(TEvent).FullName}, {typeof(TEvent).Assembly.GetName().Name}");
        insert.Parameters.AddWithValue("body", JsonSerializer.Serialize(articleEvent, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        await insert.ExecuteNonQueryAsync();
        return messageId;
    }

    /// <summary>Waits until the feedback service's inbox shows the message as handled.</summary>
    public async Task WaitForHandledAsync(Guid messageId)
    {
        var deadline = DateTime.UtcNow + EventTimeout;
        while ((long)(await FeedbackSqlAsync("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)))! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The feedback service did not handle message {messageId} in time.");
            await Task.Delay(200);
        }
    }

    public Task<Guid> RetractAsync(PublishedArticle article, int version) => PublishArticleEventAsync(new Contracts.ArticleRetracted(
        article.Id, article.Slug, "Retracted report", null, version, $"http://localhost/articles/{article.Slug}",
        "The sources could not be confirmed.", DateTimeOffset.UtcNow));

    /// <summary>Runs SQL against the feedback database, e.g. to age an item past the edit window.</summary>
    public async Task<object?> FeedbackSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var connectionString = await platform.App.GetConnectionStringAsync(ResourceNames.FeedbackDatabase);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Polls the feedback outbox until an event of the type mentioning the id was written (and so will be published).</summary>
    public async Task<JsonElement> WaitForOutboxEventAsync(string eventType, string idProperty, Guid id)
    {
        var deadline = DateTime.UtcNow + EventTimeout;
        while (true)
        {
            var body = await FeedbackSqlAsync(
                $"SELECT body::text FROM outbox_messages WHERE message_type = @type AND body->>'{idProperty}' = @id LIMIT 1",
                ("type", $"Nojor.Contracts.{eventType}, Nojor.Contracts"), ("id", id.ToString()));
            if (body is string json)
            {
                return JsonDocument.Parse(json).RootElement.Clone();
            }
            Assert.True(DateTime.UtcNow < deadline, $"No {eventType} for {id} in the feedback outbox.");
            await Task.Delay(200);
        }
    }
}

internal sealed record PublishedArticle(Guid Id, string Slug, int Version);
