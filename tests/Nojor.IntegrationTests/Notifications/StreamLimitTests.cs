using Nojor.IntegrationTests.Gateway;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>One client address may hold only so many alert streams open at once (50 by default, per instance).</summary>
[Collection(PlatformCollection.Name)]
public sealed class StreamLimitTests(PlatformFixture platform)
{
    private const int MaxPerClient = 50;

    [Fact]
    public async Task One_address_holding_the_most_streams_it_may_is_refused_another_until_one_closes()
    {
        // Straight to the service, as the gateway calls it, naming a client address of this test's own: the gateway's own
        // clients (every other test, on loopback) are not counted against it.
        var client = $"198.51.100.{Random.Shared.Next(1, 255)}";
        using var service = new HttpClient { BaseAddress = platform.App.GetEndpoint(ResourceNames.NotificationApi, "http"), Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < MaxPerClient; i++)
            {
                var stream = await OpenAsync(service, client);
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                open.Add(stream);
            }
            var refused = await OpenAsync(service, client);
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.NotNull(refused.Headers.RetryAfter);
            // Another address is not held back.
            using var other = await OpenAsync(service, $"203.0.113.{Random.Shared.Next(1, 255)}");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);

            // Closing one frees its place (once the service has seen the client go).
            open[0].Dispose();
            open.RemoveAt(0);
            await Eventually.EventuallyAsync(async () =>
            {
                var again = await OpenAsync(service, client);
                if (again.StatusCode == HttpStatusCode.OK)
                {
                    open.Add(again);
                    return true;
                }
                again.Dispose();
                return false;
            }, TimeSpan.FromSeconds(30), "a stream accepted after one closed");
        }
        finally
        {
            foreach (var stream in open)
            {
                stream.Dispose();
            }
        }
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient service, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream?tags=stream-limit-test");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return await service.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
