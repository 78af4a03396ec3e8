using System.Net.Http.Headers;
using System.Text.Json;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Faults;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Replicas;

/// <summary>
/// The second instance of each service is not a spare that only exists on paper: with the first one killed (<c>SIGKILL</c>),
/// every answer comes from the second, and both gateways keep answering reads and writes once their health probes have
/// taken the dead one out of rotation. Each test starts the killed instance again, so the collection's other tests find
/// two of everything.
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed class InstanceLossTests(ReplicaPlatformFixture platform, ITestOutputHelper output)
{
    /// <summary>
    /// Answers in a row through one gateway that show the dead instance is out of its rotation: with it still in, the
    /// gateway picks it about every other request (two destinations, two random choices), so twenty successes in a row
    /// would be a one-in-a-million chance.
    /// </summary>
    private const int InARow = 20;

    /// <summary>Bounds the wait for that: the gateways probe every 2 s and drop a destination after two failed probes.</summary>
    private static readonly TimeSpan OutOfRotationWithin = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(ResourceNames.ArticleApi)]
    [InlineData(ResourceNames.FeedbackApi)]
    [InlineData(ResourceNames.NotificationApi)]
    public async Task With_the_first_instance_killed_both_gateways_keep_answering_reads_and_writes_from_the_second(string service)
    {
        var editors = ReplicaPlatformFixture.Gateways
            .Select(g => platform.Client(g, PlatformFixture.IssueToken(PlatformFixture.EditorRole))).ToList();
        try
        {
            await ServerProcesses.KillServiceAsync(platform, service);
            Assert.True(ServerProcesses.IsDown(platform, service), $"{service} is still running: every answer below could be its");
            try
            {
                foreach (var editor in editors)
                {
                    var refusals = await UntilAnsweredInARowAsync(editor, service);
                    output.WriteLine($"{editor.BaseAddress}: {refusals} refused before {InARow} {service} reads in a row answered");
                }

                // From here on nothing may fail: reads and writes, through both gateways, served by the second instance alone.
                foreach (var editor in editors)
                {
                    for (var round = 0; round < 3; round++)
                    {
                        await AssertAnsweredAsync(await WriteAsync(editor, service), $"write to {service}");
                        for (var i = 0; i < 5; i++)
                        {
                            await AssertAnsweredAsync(await ReadAsync(editor, service), $"read from {service}");
                        }
                    }
                }
                Assert.True(ServerProcesses.IsDown(platform, service), $"{service} came back during the test: the answers may be its");
            }
            finally
            {
                await ServerProcesses.StartAsync(platform, service);
            }
        }
        finally
        {
            foreach (var editor in editors)
            {
                editor.Dispose();
            }
        }
    }

    /// <summary>
    /// Reads until <see cref="InARow"/> in a row are answered; until then the gateway may still send some to the dead
    /// instance, which it answers with 503 (nothing listens there) or 502 (the connection was cut mid-request).
    /// </summary>
    /// <returns>How many it refused before that.</returns>
    private static async Task<int> UntilAnsweredInARowAsync(HttpClient gateway, string service)
    {
        var deadline = DateTime.UtcNow + OutOfRotationWithin;
        var refusals = 0;
        for (var answered = 0; answered < InARow;)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"{gateway.BaseAddress} still sent {service} reads to the dead instance after {OutOfRotationWithin.TotalSeconds} s");
            var response = await ReadAsync(gateway, service);
            if (response.IsSuccessStatusCode)
            {
                answered++;
                continue;
            }
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway,
                $"{service} read answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            refusals++;
            answered = 0;
        }
        return refusals;
    }

    /// <summary>A read the service itself answers: past the gateway's cache, where it has one.</summary>
    private static Task<HttpResponseMessage> ReadAsync(HttpClient gateway, string service)
    {
        var path = service switch
        {
            ResourceNames.ArticleApi => "/api/articles?limit=5",
            ResourceNames.FeedbackApi => "/api/feedback/board?limit=5",
            _ => "/api/notifications/push/key",
        };
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        return gateway.SendAsync(request);
    }

    /// <summary>A write that the service stores: a report, a reader token and a beta idea, an e-mail alert sign-up.</summary>
    private static async Task<HttpResponseMessage> WriteAsync(HttpClient editor, string service)
    {
        switch (service)
        {
            case ResourceNames.ArticleApi:
                return await editor.PostAsJsonAsync("/api/articles",
                    ArticleClient.Report(TestData.Unique("Ferry back in service after the storm")));
            case ResourceNames.FeedbackApi:
                var issued = await editor.PostAsync("/api/feedback/readers", content: null);
                if (!issued.IsSuccessStatusCode)
                {
                    return issued;
                }
                var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
                using (var idea = new HttpRequestMessage(HttpMethod.Post, "/api/feedback")
                {
                    Content = JsonContent.Create(new { kind = "idea", text = TestData.Unique("A tide table on every harbour report"), page = "/" }),
                })
                {
                    idea.Headers.Add("X-Reader-Token", token);
                    return await editor.SendAsync(idea);
                }
            default:
                return await editor.PostAsJsonAsync("/api/subscriptions/email",
                    new { address = $"reader-{Guid.NewGuid():N}@example.com", frequency = "immediate" });
        }
    }

    private static async Task AssertAnsweredAsync(HttpResponseMessage response, string what) =>
        Assert.True(response.IsSuccessStatusCode, $"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
