using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Nojor.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class GatewayAndBadInputTests(PlatformFixture platform)
{
    [Fact]
    public async Task Article_list_answers_json_through_the_gateway()
    {
        var response = await platform.Gateway.GetAsync("/api/articles");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, body.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task A_published_report_can_be_read_back_by_its_slug()
    {
        var headline = TestData.Unique("Harvest festival returns to the old square");
        var filed = await platform.EditorGateway().PostAsJsonAsync("/api/articles", new { headline, section = "culture" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var slug = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString();

        var read = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
        Assert.Equal(headline, read.GetProperty("headline").GetString());
        var list = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/articles?limit=100");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("slug").GetString() == slug);
    }

    [Theory]
    [InlineData("/api/articles/no-such-report-anywhere")]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/definitely/not/a/route")]
    // Paths outside the API are the web app's: its readable not-found page is tested with the other pages.
    public async Task Unknown_things_are_404_problem_details(string path)
    {
        var response = await platform.Gateway.GetAsync(path);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var content = new StringContent("{\"headline\": ", Encoding.UTF8, "application/json");
        var response = await platform.EditorGateway().PostAsync("/api/articles", content);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_missing_headline_is_a_400_validation_problem_naming_the_field()
    {
        var response = await platform.EditorGateway().PostAsJsonAsync("/api/articles", new { summary = "No headline here" });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("headline", out _));
    }

    [Fact]
    public async Task Writes_without_a_valid_editor_token_are_refused_and_store_nothing()
    {
        var headline = TestData.Unique("Unauthorised report");
        var response = await platform.Gateway.PostAsJsonAsync("/api/articles", new { headline });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        using var forged = platform.GatewayWithToken(PlatformFixture.IssueForeignToken(PlatformFixture.EditorRole));
        await ProblemAssert.IsProblemAsync(await forged.PostAsJsonAsync("/api/articles", new { headline }), HttpStatusCode.Unauthorized);

        using var expired = platform.GatewayWithToken(PlatformFixture.IssueToken(PlatformFixture.EditorRole, lifetime: TimeSpan.FromMinutes(-5)));
        await ProblemAssert.IsProblemAsync(await expired.PostAsJsonAsync("/api/articles", new { headline }), HttpStatusCode.Unauthorized);

        using var reader = platform.ReaderGateway();
        await ProblemAssert.IsProblemAsync(await reader.PostAsJsonAsync("/api/articles", new { headline }), HttpStatusCode.Forbidden);

        // Authentication is checked before the body is read: garbage without a token is still 401.
        using var garbage = new StringContent("{not json", Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await platform.Gateway.PostAsync("/api/articles", garbage), HttpStatusCode.Unauthorized);

        var list = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/articles?limit=100");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("headline").GetString() == headline);
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    public async Task A_subscription_needs_an_http_url(string url)
    {
        var response = await platform.Gateway.PostAsJsonAsync("/api/subscriptions", new { url });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
    }

    [Fact]
    public async Task A_subscription_is_managed_only_with_its_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _, token) = await TestData.SubscribeAsync(platform.Gateway, receiver.Url);

        await ProblemAssert.IsProblemAsync(await platform.Gateway.GetAsync($"/api/subscriptions/{id}"), HttpStatusCode.Unauthorized);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/api/subscriptions/{id}");
        wrong.Headers.Add("X-Subscription-Token", "nst_wrong");
        await ProblemAssert.IsProblemAsync(await platform.Gateway.SendAsync(wrong), HttpStatusCode.NotFound);

        using var right = new HttpRequestMessage(HttpMethod.Get, $"/api/subscriptions/{id}");
        right.Headers.Add("X-Subscription-Token", token);
        var response = await platform.Gateway.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(receiver.Url, body.GetProperty("url").GetString());
        Assert.False(body.TryGetProperty("secret", out _)); // the secret is shown once, at creation
    }

    [Fact]
    public async Task Beta_feedback_is_accepted_and_read_back_and_bad_kinds_are_refused()
    {
        var sent = await platform.Gateway.PostAsJsonAsync("/api/feedback", new { kind = "idea", text = "A dark theme for night reading", page = "/" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.NotNull(sent.Headers.Location);
        var read = await platform.Gateway.GetFromJsonAsync<JsonElement>(sent.Headers.Location!.ToString());
        Assert.Equal("idea", read.GetProperty("kind").GetString());

        var bad = await platform.Gateway.PostAsJsonAsync("/api/feedback", new { kind = "rant", text = "x" });
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
    }

    [Theory]
    [InlineData(ResourceNames.ArticleApi)]
    [InlineData(ResourceNames.FeedbackApi)]
    [InlineData(ResourceNames.NotificationApi)]
    [InlineData(ResourceNames.Gateway)]
    public async Task Every_service_reports_health_and_liveness(string resource)
    {
        using var client = platform.App.CreateHttpClient(resource);
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
    }

}
