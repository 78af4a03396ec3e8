namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class RateLimitTests(PlatformFixture platform)
{
    private readonly FeedbackScenario _feedback = new(platform);

    [Fact]
    public async Task A_reader_sending_too_fast_gets_429_with_retry_after()
    {
        using var reader = await _feedback.NewReaderAsync();
        HttpResponseMessage? refused = null;
        // The default is 30 writes a minute per reader.
        for (var i = 0; i < 40 && refused is null; i++)
        {
            var response = await reader.PostAsJsonAsync("/api/feedback", new { kind = "other", text = $"Burst {i}" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }
        Assert.NotNull(refused);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After gives the wait in seconds");

        // Another reader from the same address is not held back by this reader's limit.
        using var other = await _feedback.NewReaderAsync();
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/feedback", new { kind = "other", text = "Calm" })).StatusCode);
    }

    [Fact]
    public async Task One_address_minting_new_tokens_is_limited_per_ip()
    {
        // Straight to the service with the header the gateway would set, so this test has an address of its own.
        // Cookie-less: the issued tokens must not land in the cookie jar the fixture's clients share.
        using var service = new HttpClient(new SocketsHttpHandler { UseCookies = false })
        {
            BaseAddress = platform.App.GetEndpoint(ResourceNames.FeedbackApi, "http"),
        };
        var address = $"203.0.113.{Random.Shared.Next(1, 254)}";
        HttpResponseMessage? refused = null;
        // Sixteen at a time: the budget (600) is per minute, and one by one a loaded machine may not spend it inside one
        // window. The bound covers a window ending part way through.
        const int AtOnce = 16;
        for (var sent = 0; sent < 1300 && refused is null; sent += AtOnce)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback/readers");
                request.Headers.Add("X-Forwarded-For", address);
                return await service.SendAsync(request);
            }));
            refused = answers.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        }
        Assert.NotNull(refused);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        // The limit is per address: the gateway's own clients still get through.
        Assert.StartsWith("rdr_", await _feedback.IssueTokenAsync());
    }
}
