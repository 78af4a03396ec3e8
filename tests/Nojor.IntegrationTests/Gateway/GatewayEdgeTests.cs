using System.Diagnostics;
using System.Text;

namespace Nojor.IntegrationTests.Gateway;

/// <summary>Request ids, trace propagation, size limits, CORS and upstream failures at the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayEdgeTests(PlatformFixture platform)
{
    private const string ReaderOrigin = "http://localhost:5173";

    [Fact]
    public async Task A_request_id_is_echoed_or_assigned()
    {
        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/articles");
        own.Headers.Add("X-Request-Id", "client-chosen-id-42");
        var echoed = await platform.Gateway.SendAsync(own);
        Assert.Equal("client-chosen-id-42", Assert.Single(echoed.Headers.GetValues("X-Request-Id")));

        var assigned = await platform.Gateway.GetAsync("/api/nothing-here");
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(assigned.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Traceparent_flows_through_to_the_service()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/articles/no-such-report-for-tracing");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var problem = await ProblemAssert.IsProblemAsync(await platform.Gateway.SendAsync(request), HttpStatusCode.NotFound);
        // The article service wrote this problem (the gateway's own 404 names no report) within the caller's trace.
        Assert.NotEqual("No resource matches this route.", problem.GetProperty("detail").GetString());
        Assert.Contains(traceId, problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_body_over_the_route_limit_is_413_whether_its_length_is_declared_or_streamed()
    {
        var body = $$"""{"kind":"idea","text":"{{new string('x', 20_000)}}"}"""; // the feedback route takes 16 KiB
        using var declared = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await ProblemAssert.IsProblemAsync(await platform.Gateway.PostAsync("/api/feedback", declared), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("16384", problem.GetProperty("detail").GetString());

        // JsonContent streams without a Content-Length: the limit trips while the gateway forwards the body.
        var streamed = await platform.Gateway.PostAsJsonAsync("/api/feedback", new { kind = "idea", text = new string('x', 20_000) });
        await ProblemAssert.IsProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Oversized_headers_are_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/articles");
        request.Headers.Add("X-Padding", new string('p', 20_000));
        var response = await platform.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Cors_admits_the_reader_origin_only()
    {
        var allowed = await PreflightAsync(ReaderOrigin);
        Assert.Equal(ReaderOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));

        var refused = await PreflightAsync("https://elsewhere.example");
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        using var simple = new HttpRequestMessage(HttpMethod.Get, "/api/articles");
        simple.Headers.Add("Origin", ReaderOrigin);
        var read = await platform.Gateway.SendAsync(simple);
        Assert.Equal(ReaderOrigin, Assert.Single(read.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/feedback");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await platform.Gateway.SendAsync(preflight);
    }
}
