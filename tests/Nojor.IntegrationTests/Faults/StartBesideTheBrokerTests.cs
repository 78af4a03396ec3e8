using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Faults;

/// <summary>
/// The services start beside the broker, not after it (the AppHost no longer waits for RabbitMQ before starting them):
/// a service whose broker is not up yet must serve what it can, say it is not ready, keep what it is asked to publish,
/// and relay it once the broker answers.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class StartBesideTheBrokerTests(FaultPlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_service_started_before_its_broker_is_not_ready_accepts_a_report_and_relays_its_alert_once_the_broker_is_up()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await TestData.SubscribeAsync(platform.Gateway, receiver.Url);
        var headline = TestData.Unique("Ferry service resumes after the harbour reopens");

        await ServerProcesses.KillBrokerAsync(platform);
        await ServerProcesses.KillServiceAsync(platform, ResourceNames.ArticleApi);
        try
        {
            await platform.ExecuteResourceCommandAsync(ResourceNames.ArticleApi, KnownResourceCommands.Start);
            using var article = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
            article.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));

            // Up (its liveness answers) but not ready: the readiness check includes the bus, which has no broker to reach.
            await Eventually.EventuallyAsync(() => AnswersAsync(article, "/alive"), PhaseTimeout,
                "the restarted article service's liveness answering 200");
            using (var ready = await article.GetAsync("/health"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            using var filed = await TestData.FileBreakingReportAsync(article, headline);
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            output.WriteLine("report accepted by the article service while its broker was down");
        }
        finally
        {
            await ServerProcesses.StartAsync(platform, ResourceNames.Messaging);
        }

        using (var healthy = new CancellationTokenSource(PhaseTimeout))
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.ArticleApi, healthy.Token);
        }
        var alert = await receiver.WaitForAsync(headline, PhaseTimeout);
        Assert.Contains(headline, alert.Body, StringComparison.Ordinal);
    }

    private static async Task<bool> AnswersAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }
}
