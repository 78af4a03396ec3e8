using Nojor.IntegrationTests.Gateway;

namespace Nojor.IntegrationTests.Hardening;

/// <summary>
/// Hostile shapes of input found by fuzzing the gateway from outside: each must be refused with a problem document and a
/// 4xx, never a 5xx that blames a service which is perfectly healthy.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileInputTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/api/articles/%2500")]
    [InlineData("/api/articles/a%2500b/revisions")]
    [InlineData("/api/stories/%2500")]
    [InlineData("/api/feeds/sections/%2500/rss.xml")]
    [InlineData("/api/feedback/articles/%2500")]
    [InlineData("/api/subscriptions/%2500")]
    // A raw %00 never reaches the gateway's code: Kestrel itself refuses a path with a NUL in it, with a bare 400.
    public async Task A_path_segment_that_decodes_to_nul_is_a_client_error_problem_not_a_service_outage(string path)
    {
        var response = await platform.Gateway.GetAsync(path);

        await AssertClientErrorProblemAsync(response, HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/subscriptions/not-a-guid/pause")]
    [InlineData("POST", "/api/subscriptions/not-a-guid/resume")]
    [InlineData("GET", "/api/subscriptions/not-a-guid")]
    [InlineData("DELETE", "/api/subscriptions/12345")]
    [InlineData("GET", "/api/subscriptions/not-a-guid/deliveries")]
    [InlineData("POST", "/api/feedback/not-a-guid/votes")]
    [InlineData("DELETE", "/api/feedback/not-a-guid")]
    [InlineData("GET", "/api/feedback/not-a-guid")]
    [InlineData("PUT", "/api/feedback/comments/-1")]
    [InlineData("GET", "/api/articles/by-id/not-a-guid")]
    public async Task A_malformed_id_in_the_path_is_answered_with_a_problem_document(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }

        var response = await platform.Gateway.SendAsync(request);

        await AssertClientErrorProblemAsync(response, HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("section")]
    [InlineData("tag")]
    [InlineData("place")]
    [InlineData("story")]
    [InlineData("language")]
    // Found by the OpenAPI fuzzer (seed 317245977): PostgreSQL text cannot hold a NUL, and the list query failed with a 500.
    public async Task A_nul_in_a_report_list_filter_is_refused_with_a_problem_naming_the_filter(string filter)
    {
        var response = await platform.Gateway.GetAsync($"/api/articles?{filter}=a%00b");

        await AssertClientErrorProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"\"{filter}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    // Search keeps only letters and digits of q, so a NUL never reached PostgreSQL there: refused all the same, as everywhere.
    [InlineData("/api/search?q=a%00b", "q")]
    // Parameters these endpoints do not read: the check is the pipeline's, not an endpoint's.
    [InlineData("/api/articles/a-report/related?limit=5&story=a%00b", "story")]
    [InlineData("/api/feedback/board?limit=5&note=a%00b", "note")]
    [InlineData("/api/notifications/push/key?note=a%00b", "note")]
    public async Task A_nul_in_any_query_parameter_of_any_service_is_refused_with_a_problem_naming_the_parameter(string path, string parameter)
    {
        var response = await platform.Gateway.GetAsync(path);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{parameter}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"errors name {parameter}");
    }

    [Theory]
    [InlineData("GET", "/api/articles/by-id/0199a000-0000-7000-8000-000000000001/draft", "text/html", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/api/articles", "application/xml", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/feeds/atom.xmlindex.html", "application/xml", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/feedback/comments/index.html", "text/html", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/subscriptions", "application/xml", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/nothing-here", "image/png", HttpStatusCode.NotFound)]
    // Found by the OpenAPI fuzzer: the framework's writer declines a client that does not accept JSON, which made these 500s or bare.
    public async Task An_api_refusal_is_a_problem_document_whatever_the_client_accepts(string method, string path, string accept, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (method is "POST")
        {
            request.Content = new StringContent("""{"url":"not a url"}""", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await platform.Gateway.SendAsync(request);

        await AssertClientErrorProblemAsync(response, expected);
    }

    private static async Task AssertClientErrorProblemAsync(HttpResponseMessage response, params HttpStatusCode[] allowed)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(allowed.Contains(response.StatusCode),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        await ProblemAssert.IsProblemAsync(response, response.StatusCode);
    }
}
