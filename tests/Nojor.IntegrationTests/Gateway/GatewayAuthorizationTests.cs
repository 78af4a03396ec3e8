namespace Nojor.IntegrationTests.Gateway;

/// <summary>Editor-only routes are refused at the gateway; the services check the token again themselves.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayAuthorizationTests(PlatformFixture platform)
{
    // Routes no service implements yet: a 401/403 can only come from the gateway, a 404 only from a service behind it.
    [Theory]
    [InlineData("POST", "/api/stories/gateway-probe")]
    [InlineData("DELETE", "/api/articles/gateway-probe")]
    [InlineData("PUT", "/api/articles/gateway-probe")]
    [InlineData("GET", "/api/feedback/moderation/gateway-probe")]
    [InlineData("GET", "/api/feedback/export/gateway-probe")]
    [InlineData("GET", "/api/notifications/alerts/gateway-probe")]
    public async Task Editor_only_routes_are_refused_at_the_gateway_before_proxying(string method, string path)
    {
        await ProblemAssert.IsProblemAsync(await platform.Gateway.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)),
            HttpStatusCode.Unauthorized);

        using var reader = platform.ReaderGateway();
        await ProblemAssert.IsProblemAsync(await reader.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.Forbidden);

        foreach (var role in new[] { PlatformFixture.EditorRole, PlatformFixture.AdminRole })
        {
            using var editor = platform.GatewayWithToken(PlatformFixture.IssueToken(role));
            var passed = await editor.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.NotEqual(HttpStatusCode.Unauthorized, passed.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, passed.StatusCode);
        }
    }

    [Fact]
    public async Task Reads_and_reader_writes_stay_anonymous()
    {
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.GetAsync("/api/articles")).StatusCode);
        var feedback = await platform.Gateway.PostAsJsonAsync("/api/feedback", new { kind = "praise", text = "Clear and quick pages" });
        Assert.Equal(HttpStatusCode.Created, feedback.StatusCode);
    }

    [Fact]
    public async Task Each_service_validates_the_token_itself()
    {
        // Straight to the article service, around the gateway: defence in depth.
        using var direct = platform.App.CreateHttpClient(ResourceNames.ArticleApi);
        var headline = TestData.Unique("Defence in depth");
        await ProblemAssert.IsProblemAsync(await direct.PostAsJsonAsync("/api/articles", new { headline }), HttpStatusCode.Unauthorized);

        using var asReader = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = JsonContent.Create(new { headline }) };
        asReader.Headers.Authorization = new("Bearer", PlatformFixture.IssueToken("reader"));
        await ProblemAssert.IsProblemAsync(await direct.SendAsync(asReader), HttpStatusCode.Forbidden);

        using var asEditor = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = JsonContent.Create(new { headline }) };
        asEditor.Headers.Authorization = new("Bearer", PlatformFixture.IssueToken(PlatformFixture.EditorRole));
        Assert.Equal(HttpStatusCode.Created, (await direct.SendAsync(asEditor)).StatusCode);
    }
}
