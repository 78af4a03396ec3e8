using System.Text;
using Nojor.IntegrationTests.Articles;
using Nojor.IntegrationTests.Gateway;

namespace Nojor.IntegrationTests.Hardening;

/// <summary>
/// The gateway lets through every report the article service accepts (the two limits come from one place), and each
/// service holds its own Kestrel limits for callers that reach it without the gateway.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RequestLimitTests(PlatformFixture platform)
{
    /// <summary>The largest report body the article service accepts: 256 KiB of UTF-8 text (README, "File a report").</summary>
    private const int ReportBodyMaxBytes = 256 * 1024;

    /// <summary>The largest whole request for a report write: the body plus 64 KiB for every other field.</summary>
    private const int ReportWriteMaxBytes = ReportBodyMaxBytes + (64 * 1024);

    [Fact]
    public async Task The_largest_report_body_the_article_service_accepts_is_filed_through_the_gateway()
    {
        var headline = TestData.Unique("Full-length dispatch");
        var response = await FileThroughGatewayAsync(headline, ReportBodyMaxBytes);

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task One_byte_more_is_a_clear_problem_naming_the_limit()
    {
        var response = await FileThroughGatewayAsync(TestData.Unique("Overlong dispatch"), ReportBodyMaxBytes + 1);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        // The article service's own explanation, not the gateway's byte count: the report body is what is too long.
        Assert.Contains("256 KiB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_report_request_over_the_shared_limit_is_refused_by_the_gateway_before_it_is_forwarded()
    {
        // The whole request one byte over the article service's limit for editors' writes (256 KiB of body + 64 KiB).
        var response = await FileThroughGatewayAsync(TestData.Unique("Padded dispatch"), ReportBodyMaxBytes, requestBytes: ReportWriteMaxBytes + 1);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{ReportWriteMaxBytes} bytes", problem.GetProperty("detail").GetString());
    }

    // The article service's only routes that read a body are the editors', which set a lower limit of their own.
    [Theory]
    [InlineData(ResourceNames.FeedbackApi)]
    [InlineData(ResourceNames.NotificationApi)]
    public async Task A_service_reached_directly_refuses_a_body_over_its_own_limit(string service)
    {
        // The client waits for the service's verdict before sending the body (Expect: 100-continue): a service that refuses
        // the declared length closes the connection, and a client still writing 2 MiB would only see a broken pipe.
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
        {
            BaseAddress = platform.App.GetEndpoint(service, "http"),
        };
        // 2 MiB of JSON: under Kestrel's 30 MB default, over the 1 MiB every Nojor service allows.
        var body = $$"""{"url":"http://127.0.0.1:9/hook","padding":"{{new string('p', 2 * 1024 * 1024)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, service == ResourceNames.NotificationApi ? "/api/subscriptions" : "/api/feedback")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(ResourceNames.ArticleApi)]
    [InlineData(ResourceNames.FeedbackApi)]
    [InlineData(ResourceNames.NotificationApi)]
    public async Task A_service_reached_directly_refuses_oversized_headers(string service)
    {
        using var client = platform.App.CreateHttpClient(service);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        // Under Kestrel's 32 KiB default, over the 24 KiB every Nojor service allows (the gateway itself allows 16 KiB).
        request.Headers.Add("X-Padding", new string('p', 28 * 1024));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    private Task<HttpResponseMessage> FileThroughGatewayAsync(string headline, int bodyBytes, int? requestBytes = null)
    {
        // A Content-Length is declared, as a real client sends it, so the gateway can judge the size before forwarding.
        var json = System.Text.Json.JsonSerializer.Serialize(ArticleClient.Report(headline, body: new string('x', bodyBytes), draft: true));
        if (requestBytes is { } size)
        {
            // Whitespace after the JSON pads the request to the size wanted without touching the report.
            json += new string(' ', size - Encoding.UTF8.GetByteCount(json));
        }
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.ContentLength = Encoding.UTF8.GetByteCount(json);
        return platform.EditorGateway().PostAsync("/api/articles", content);
    }
}
