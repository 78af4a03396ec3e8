using Nojor.IntegrationTests.Articles;

namespace Nojor.IntegrationTests.Hardening;

/// <summary><c>HEAD</c> on a public read answers what <c>GET</c> would (status and headers), without the body.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HeadRequestTests(PlatformFixture platform)
{
    [Fact]
    public async Task Head_on_public_reads_through_the_gateway_answers_like_get_without_a_body()
    {
        var headline = TestData.Unique("Harbour crane toppled by gale");
        var (report, _) = await ArticleClient.FileAsync(platform.EditorGateway(), ArticleClient.Report(headline, story: TestData.Unique("Gale season")));
        var slug = report.GetProperty("slug").GetString();
        var storySlug = report.GetProperty("story").GetProperty("slug").GetString();
        var articleId = report.GetProperty("id").GetString();
        // Nothing listens there, so the subscription stays unverified: its reads are all this test needs.
        var (subscriptionId, _, managementToken) = await WebhookSubscriptions.CreateAsync(platform.Gateway, "http://127.0.0.1:9/hook");

        string[] paths =
        [
            "/api/articles",
            $"/api/articles/{slug}",
            $"/api/articles/{slug}/revisions",
            $"/api/articles/{slug}/related",
            "/api/articles/no-such-report-anywhere",
            $"/api/stories/{storySlug}",
            "/api/search?q=crane",
            "/api/feeds/rss.xml",
            "/api/feeds/sitemap.xml",
            "/api/feedback/overview",
            $"/api/feedback/articles/{articleId}",
            $"/api/feedback/articles/{articleId}/comments",
            $"/api/subscriptions/{subscriptionId}",
            $"/api/subscriptions/{subscriptionId}/deliveries",
        ];
        foreach (var path in paths)
        {
            var get = await SendAsync(HttpMethod.Get, path, managementToken);
            var head = await SendAsync(HttpMethod.Head, path, managementToken);

            Assert.True(get.StatusCode == head.StatusCode, $"{path}: GET {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string managementToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Subscription-Token", managementToken);
        return await platform.Gateway.SendAsync(request);
    }
}
