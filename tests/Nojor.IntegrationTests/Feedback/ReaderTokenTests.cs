using System.Text.Json;
using Npgsql;

namespace Nojor.IntegrationTests.Feedback;

/// <summary>Reader tokens expire and can be renewed; the reader cookie is Secure whenever readers reach us over https.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReaderTokenTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task A_renewed_token_keeps_the_reader_and_retires_the_old_one()
    {
        using var client = _feedback.NewGatewayClient();
        var issued = await ReadAsync(await client.PostAsync("/api/feedback/readers", null));
        var oldToken = issued.GetProperty("token").GetString()!;
        // Tokens expire: 180 days by default.
        Assert.InRange(issued.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(179), DateTimeOffset.UtcNow.AddDays(181));
        var sent = await ReadAsync(await SendAsync(client, HttpMethod.Post, "/api/feedback", oldToken, new { kind = "idea", text = "A darker theme at night" }));

        var renewed = await SendAsync(client, HttpMethod.Post, "/api/feedback/readers/renew", oldToken);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var body = await ReadAsync(renewed);
        var newToken = body.GetProperty("token").GetString()!;
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(issued.GetProperty("readerId").GetGuid(), body.GetProperty("readerId").GetGuid());

        // The same reader: what they sent with the old token is theirs to edit with the new one; the old one is retired.
        var edited = await SendAsync(client, HttpMethod.Put, $"/api/feedback/{sent.GetProperty("id").GetGuid()}", newToken,
            new { text = "A darker theme after sunset" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await ProblemAssert.IsProblemAsync(
            await SendAsync(client, HttpMethod.Post, "/api/feedback/readers/renew", oldToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_gets_a_401_that_says_it_expired()
    {
        using var client = _feedback.NewGatewayClient();
        var issued = await ReadAsync(await client.PostAsync("/api/feedback/readers", null));
        var token = issued.GetProperty("token").GetString()!;
        await using (var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.FeedbackDatabase)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""UPDATE readers SET "ExpiresAt" = now() - interval '1 minute' WHERE "Id" = @id""", connection);
            command.Parameters.AddWithValue("id", issued.GetProperty("readerId").GetGuid());
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        using var author = await _feedback.NewReaderAsync();
        var idea = await ReadAsync(await author.PostAsJsonAsync("/api/feedback", new { kind = "idea", text = "Offline reading on the train" }));

        var vote = await SendAsync(client, HttpMethod.Post, $"/api/feedback/{idea.GetProperty("id").GetGuid()}/votes", token);
        var expired = await ProblemAssert.IsProblemAsync(vote, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", expired.GetProperty("detail").GetString());
        // An expired token cannot be renewed either: the reader starts over with a new one.
        await ProblemAssert.IsProblemAsync(
            await SendAsync(client, HttpMethod.Post, "/api/feedback/readers/renew", token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_reader_cookie_is_secure_when_the_gateway_forwards_https()
    {
        // Straight to the service, as the gateway calls it behind an ingress that ends TLS.
        using var service = new HttpClient(new SocketsHttpHandler { UseCookies = false })
        {
            BaseAddress = platform.App.GetEndpoint(ResourceNames.FeedbackApi, "http"),
        };
        using var overHttps = new HttpRequestMessage(HttpMethod.Post, "/api/feedback/readers");
        overHttps.Headers.Add("X-Forwarded-Proto", "https");
        var secure = await service.SendAsync(overHttps);
        Assert.Equal(HttpStatusCode.Created, secure.StatusCode);
        Assert.Contains("secure", Cookie(secure), StringComparison.OrdinalIgnoreCase);

        var plain = await service.PostAsync("/api/feedback/readers", null);
        Assert.DoesNotContain("secure", Cookie(plain), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", Cookie(plain), StringComparison.OrdinalIgnoreCase);
    }

    private static string Cookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("nojor_reader=", StringComparison.Ordinal));

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(FeedbackScenario.ReaderHeader, token);
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
