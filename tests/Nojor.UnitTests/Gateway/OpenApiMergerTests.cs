using System.Text.Json.Nodes;
using Nojor.Gateway.OpenApi;

namespace Nojor.UnitTests.Gateway;

public sealed class OpenApiMergerTests
{
    [Fact]
    public void Paths_of_every_service_are_kept_when_the_gateway_routes_them()
    {
        var merged = OpenApiMerger.Merge(
            [("article", Document("/api/articles", "Article")), ("feedback", Document("/api/feedback", "Feedback")), ("other", Document("/internal/jobs", "Job"))],
            path => path.StartsWith("/api/", StringComparison.Ordinal));

        var paths = merged["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/articles"));
        Assert.True(paths.ContainsKey("/api/feedback"));
        Assert.False(paths.ContainsKey("/internal/jobs"));
        Assert.Equal("bearer", merged["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public void Same_named_but_different_components_are_prefixed_with_their_service_and_references_follow()
    {
        var article = Document("/api/articles", "Item");
        var feedback = Document("/api/feedback", "Item");
        feedback["components"]!["schemas"]!["Item"]!["properties"] = new JsonObject { ["rating"] = new JsonObject { ["type"] = "integer" } };

        var merged = OpenApiMerger.Merge([("article-api", article), ("feedback-api", feedback)], _ => true);

        var schemas = merged["components"]!["schemas"]!.AsObject();
        Assert.True(schemas.ContainsKey("Item"));
        Assert.True(schemas.ContainsKey("FeedbackApiItem"));
        Assert.Equal("#/components/schemas/Item", Ref(merged, "/api/articles"));
        Assert.Equal("#/components/schemas/FeedbackApiItem", Ref(merged, "/api/feedback"));
    }

    [Fact]
    public void Identical_components_are_shared_not_duplicated()
    {
        var merged = OpenApiMerger.Merge([("a", Document("/api/a", "ProblemDetails")), ("b", Document("/api/b", "ProblemDetails"))], _ => true);
        Assert.Single(merged["components"]!["schemas"]!.AsObject());
        Assert.Equal("#/components/schemas/ProblemDetails", Ref(merged, "/api/b"));
    }

    private static string Ref(JsonObject document, string path) =>
        document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();

    private static JsonObject Document(string path, string schema) => new()
    {
        ["openapi"] = "3.1.1",
        ["info"] = new JsonObject { ["title"] = path, ["version"] = "v1" },
        ["paths"] = new JsonObject
        {
            [path] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["responses"] = new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "OK",
                            ["content"] = new JsonObject
                            {
                                ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schema}" } },
                            },
                        },
                    },
                },
            },
        },
        ["components"] = new JsonObject
        {
            ["schemas"] = new JsonObject { [schema] = new JsonObject { ["type"] = "object" } },
        },
    };
}
