using System.Text.Json;
using Microsoft.OpenApi;

namespace Nojor.IntegrationTests.Gateway;

/// <summary>The merged OpenAPI document and its reference UI, linted with Microsoft.OpenApi's reader and validator.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiDocumentTests(PlatformFixture platform)
{
    private static readonly string[] GatewayPrefixes =
        ["/api/articles", "/api/stories", "/api/search", "/api/feeds", "/api/feedback", "/api/subscriptions", "/api/notifications"];

    [Theory]
    [InlineData(ResourceNames.ArticleApi)]
    [InlineData(ResourceNames.FeedbackApi)]
    [InlineData(ResourceNames.NotificationApi)]
    [InlineData(ResourceNames.Gateway)]
    public async Task Every_document_is_valid_openapi(string resource)
    {
        using var client = platform.App.CreateHttpClient(resource);
        var document = Lint(await client.GetStringAsync("/openapi/v1.json"));
        Assert.NotEmpty(document.Paths);
    }

    [Fact]
    public async Task The_merged_document_describes_every_service_route_the_gateway_exposes_and_nothing_else()
    {
        var merged = Lint(await platform.Gateway.GetStringAsync("/openapi/v1.json"));
        foreach (var path in merged.Paths.Keys)
        {
            Assert.True(GatewayPrefixes.Any(prefix => IsUnder(path, prefix)), $"{path} is described but the gateway does not route it");
        }
        foreach (var service in new[] { ResourceNames.ArticleApi, ResourceNames.FeedbackApi, ResourceNames.NotificationApi })
        {
            using var client = platform.App.CreateHttpClient(service);
            var own = Lint(await client.GetStringAsync("/openapi/v1.json"));
            foreach (var (path, item) in own.Paths.Where(p => GatewayPrefixes.Any(prefix => IsUnder(p.Key, prefix))))
            {
                Assert.True(merged.Paths.TryGetValue(path, out var described), $"{service}'s {path} is routed but missing from the merged document");
                Assert.Equal(Methods(item), Methods(described));
            }
        }
        // The routes that exist today (issue 2) must be there whatever else lands.
        Assert.Contains("/api/articles/{slug}", merged.Paths.Keys);
        Assert.Contains("/api/feedback", merged.Paths.Keys);
        Assert.Contains("/api/subscriptions/{id}", merged.Paths.Keys);
    }

    [Fact]
    public async Task The_reference_ui_is_served_at_docs()
    {
        var response = await platform.Gateway.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("scalar", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static OpenApiDocument Lint(string json)
    {
        var result = OpenApiDocument.Parse(json, "json");
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        var document = Assert.IsType<OpenApiDocument>(result.Document);
        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Pointer}: {e.Message}")));
        _ = JsonDocument.Parse(json); // and plain JSON
        return document;
    }

    private static string[] Methods(IOpenApiPathItem item) => item.Operations?.Keys.Select(m => m.Method).Order().ToArray() ?? [];

    private static bool IsUnder(string path, string prefix) =>
        path.Equals(prefix, StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);
}
