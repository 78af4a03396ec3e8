using System.Text.Json.Nodes;

namespace Nojor.Gateway.OpenApi;

/// <summary>
/// Folds the services' OpenAPI documents into the one the gateway publishes. Only paths the gateway actually routes are
/// kept; a component two services define differently is renamed with its service's prefix (and its references with it).
/// </summary>
public static class OpenApiMerger
{
    private const string RefKey = "$ref";

    public static JsonObject Merge(IEnumerable<(string Service, JsonObject Document)> documents, Func<string, bool> isRouted)
    {
        var paths = new JsonObject();
        var components = new JsonObject();
        var tags = new JsonArray();
        var seenTags = new HashSet<string>(StringComparer.Ordinal);
        string? version = null;

        foreach (var (service, source) in documents)
        {
            var document = (JsonObject)source.DeepClone();
            version ??= document["openapi"]?.GetValue<string>();
            RenameConflictingComponents(service, document, components);

            foreach (var (kind, entries) in document["components"] as JsonObject ?? [])
            {
                var merged = components[kind] as JsonObject ?? (JsonObject)(components[kind] = new JsonObject());
                foreach (var (name, value) in (JsonObject)entries!)
                {
                    merged[name] ??= value!.DeepClone();
                }
            }
            foreach (var (path, item) in document["paths"] as JsonObject ?? [])
            {
                if (isRouted(path))
                {
                    paths[path] = item!.DeepClone();
                }
            }
            foreach (var tag in document["tags"] as JsonArray ?? [])
            {
                if (tag?["name"]?.GetValue<string>() is { } name && seenTags.Add(name))
                {
                    tags.Add(tag.DeepClone());
                }
            }
        }

        var schemes = components["securitySchemes"] as JsonObject ?? (JsonObject)(components["securitySchemes"] = new JsonObject());
        schemes["Bearer"] ??= new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "JWT",
            ["description"] = "Editors and admins: a JWT with role claim `editor` or `admin` (locally: `./nojor token`).",
        };

        var result = new JsonObject
        {
            ["openapi"] = version ?? "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Nojor public API",
                ["version"] = "v1",
                ["description"] = "Everything the Nojor gateway routes. Errors are RFC 9457 problem details with a traceId.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["paths"] = paths,
            ["components"] = components,
        };
        if (tags.Count > 0)
        {
            result["tags"] = tags;
        }
        return result;
    }

    private static void RenameConflictingComponents(string service, JsonObject document, JsonObject merged)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, entries) in document["components"] as JsonObject ?? [])
        {
            if (merged[kind] is not JsonObject existing || entries is not JsonObject own)
            {
                continue;
            }
            foreach (var name in own.Select(e => e.Key).ToList())
            {
                if (existing[name] is { } other && !JsonNode.DeepEquals(other, own[name]))
                {
                    var renamed = Prefix(service) + name;
                    var value = own[name]!;
                    own.Remove(name);
                    own[renamed] = value;
                    renames[$"#/components/{kind}/{name}"] = $"#/components/{kind}/{renamed}";
                }
            }
        }
        if (renames.Count > 0)
        {
            RewriteReferences(document, renames);
        }
    }

    private static void RewriteReferences(JsonNode? node, Dictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj[RefKey] is JsonValue reference && reference.TryGetValue<string>(out var target) && renames.TryGetValue(target, out var renamed))
                {
                    obj[RefKey] = renamed;
                }
                foreach (var (_, child) in obj.ToList())
                {
                    RewriteReferences(child, renames);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child, renames);
                }
                break;
        }
    }

    private static string Prefix(string service) =>
        string.Concat(service.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
