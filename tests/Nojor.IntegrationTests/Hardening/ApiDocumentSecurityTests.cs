using System.Text.Json;

namespace Nojor.IntegrationTests.Hardening;

/// <summary>
/// The merged OpenAPI document says which operations need an editor's bearer token, so the reference UI and generated
/// clients send one there (and only there).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiDocumentSecurityTests(PlatformFixture platform)
{
    public static TheoryData<string, string> EditorOperations => new()
    {
        { "post", "/api/articles" },
        { "get", "/api/articles/by-id/{id}/draft" },
        { "put", "/api/articles/by-id/{id}" },
        { "post", "/api/articles/by-id/{id}/publish" },
        { "post", "/api/articles/by-id/{id}/schedule" },
        { "post", "/api/articles/by-id/{id}/corrections" },
        { "post", "/api/articles/by-id/{id}/retract" },
        { "get", "/api/feedback/moderation/comments" },
        { "post", "/api/feedback/moderation/comments/{id}/approve" },
        { "post", "/api/feedback/{id}/triage" },
        { "get", "/api/feedback/corrections" },
        { "get", "/api/feedback/export" },
    };

    public static TheoryData<string, string> PublicOperations => new()
    {
        { "get", "/api/articles" },
        { "get", "/api/articles/{slug}" },
        { "get", "/api/search" },
        { "post", "/api/feedback" },
        { "post", "/api/feedback/readers" },
        { "post", "/api/subscriptions" },
    };

    [Theory]
    [MemberData(nameof(EditorOperations))]
    public async Task An_editor_operation_requires_the_bearer_scheme(string method, string path)
    {
        var document = await MergedAsync();
        var security = Operation(document, method, path).GetProperty("security");

        var requirement = Assert.Single(security.EnumerateArray());
        var scheme = Assert.Single(requirement.EnumerateObject());
        Assert.Equal("Bearer", scheme.Name);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Theory]
    [MemberData(nameof(PublicOperations))]
    public async Task A_public_operation_requires_no_token(string method, string path)
    {
        var operation = Operation(await MergedAsync(), method, path);
        Assert.False(operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
            $"{method.ToUpperInvariant()} {path} asks for a token");
    }

    private async Task<JsonElement> MergedAsync() => await platform.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

    private static JsonElement Operation(JsonElement document, string method, string path)
    {
        // A group's root route is described with its trailing slash.
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out var item) || paths.TryGetProperty(path + "/", out item), $"{path} is not in the merged document");
        Assert.True(item.TryGetProperty(method, out var operation), $"{path} has no {method} operation");
        return operation;
    }
}
