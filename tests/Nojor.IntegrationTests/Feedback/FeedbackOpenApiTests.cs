using System.Text.Json;

namespace Nojor.IntegrationTests.Feedback;

[Collection(PlatformCollection.Name)]
public sealed class FeedbackOpenApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_openapi_document_describes_the_feedback_endpoints()
    {
        using var service = platform.App.CreateHttpClient(ResourceNames.FeedbackApi);
        var document = await service.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/feedback/readers", "/api/feedback/{id}/votes", "/api/feedback/{id}/triage",
            "/api/feedback/articles/{articleId}/rating", "/api/feedback/articles/{articleId}/comments",
            "/api/feedback/articles/{articleId}/corrections", "/api/feedback/moderation/comments", "/api/feedback/export",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is in the OpenAPI document");
        }
        var rate = paths.GetProperty("/api/feedback/articles/{articleId}/rating").GetProperty("put");
        Assert.False(string.IsNullOrWhiteSpace(rate.GetProperty("summary").GetString()));
    }
}
