using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Hardening;

/// <summary>
/// Thousands of hostile requests generated from the merged OpenAPI document the gateway serves, sent through the gateway:
/// wrong types, missing and extra fields, huge and negative numbers, odd Unicode, control characters, malformed JSON,
/// encoded and traversing path segments, bad headers. None may be a 5xx, every refusal must be a problem document, and no
/// refused request may change a stored row. The run is bounded (<c>NOJOR_FUZZ_REQUESTS</c>, <c>NOJOR_FUZZ_SECONDS</c>) and
/// replayable: it prints its seed, and <c>NOJOR_FUZZ_SEED</c> sets it.
/// </summary>
/// <remarks>
/// What Kestrel itself refuses before any of our code runs (a raw NUL or a control character in the path or a header,
/// non-ASCII header bytes, a request line or headers over the limits) is answered by Kestrel with a bare status, which no
/// application code can turn into a problem document; those shapes are not generated.
/// </remarks>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiFuzzTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const int MaxFailuresReported = 25;

    [Fact]
    public async Task Thousands_of_hostile_requests_from_the_api_description_get_no_5xx_only_problem_refusals_and_change_no_stored_row()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("NOJOR_FUZZ_SEED"), out var chosen) ? chosen : Random.Shared.Next();
        var budget = int.TryParse(Environment.GetEnvironmentVariable("NOJOR_FUZZ_REQUESTS"), out var requests) ? requests : 2000;
        var timeLimit = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("NOJOR_FUZZ_SECONDS"), out var seconds) ? seconds : 120);
        output.WriteLine($"Fuzz seed {seed} (replay with NOJOR_FUZZ_SEED={seed}), up to {budget} requests or {timeLimit.TotalSeconds} s.");

        // No cookies, no redirects and none of the test host's retrying handlers: each answer is exactly the gateway's.
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = platform.GatewayAddress,
            Timeout = TimeSpan.FromSeconds(15),
        };
        var operations = FuzzOperation.ReadAll(await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json"));
        Assert.True(operations.Count > 30, $"the merged document describes {operations.Count} operations");
        var known = await KnownResources.CreateAsync(platform, client);
        await using var rows = await StoredRows.OpenAsync(platform);
        var generator = new FuzzRequestGenerator(new Random(seed), known);

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var baseline = await rows.SettledSnapshotAsync();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < budget && clock.Elapsed < timeLimit && failures.Count < MaxFailuresReported; sent++)
        {
            var fuzz = generator.Next(operations);
            using var request = fuzz.ToRequest();
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{fuzz}\n    -> no answer within {client.Timeout.TotalSeconds} s: {e.Message}");
                continue;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var body = await response.Content.ReadAsStringAsync();
                if (Problem(response, body) is { } problem)
                {
                    failures.Add($"{fuzz}\n    -> {problem}");
                }
                if (status >= 400)
                {
                    // A refused request must leave every stored row as it was.
                    var after = await rows.SnapshotAsync();
                    if (StoredRows.Difference(baseline, after) is { } changed)
                    {
                        failures.Add($"{fuzz}\n    -> refused with {status}, yet {changed}");
                        baseline = await rows.SettledSnapshotAsync();
                    }
                }
                else if (fuzz.Method != "GET")
                {
                    // An accepted write changes rows, and events it raises may change more a moment later: start afresh.
                    baseline = await rows.SettledSnapshotAsync();
                }
            }
        }

        output.WriteLine($"Sent {sent} requests in {clock.Elapsed.TotalSeconds:F0} s; statuses: "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(sent >= Math.Min(budget, 200), $"only {sent} requests went out in the time allowed");
        Assert.True(failures.Count == 0,
            $"Seed {seed} (replay with NOJOR_FUZZ_SEED={seed}): {failures.Count} failure(s)\n" + string.Join("\n", failures));
    }

    /// <summary>What is wrong with an answer, or null: a 5xx, or a 4xx that is not an RFC 9457 problem document.</summary>
    private static string? Problem(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var summary = $"{status} {response.Content.Headers.ContentType} {Shorten(body, 300)}";
        if (status >= 500)
        {
            return summary;
        }
        if (status < 400)
        {
            return null;
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"not a problem document: {summary}";
        }
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("status", out var stated) && stated.TryGetInt32(out var code) && code == status
                ? null
                : $"problem document without its status: {summary}";
        }
        catch (JsonException)
        {
            return $"problem document that is not JSON: {summary}";
        }
    }

    internal static string Shorten(string text, int length) =>
        (text.Length <= length ? text : text[..length] + "…").Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}

/// <summary>One operation of the API description: its method, path template, parameters and JSON body schema.</summary>
internal sealed record FuzzOperation(string Method, string Path, IReadOnlyList<FuzzParameter> Parameters, JsonElement? BodySchema, JsonElement Components)
{
    public static List<FuzzOperation> ReadAll(JsonElement document)
    {
        var components = document.TryGetProperty("components", out var c) ? c : default;
        var operations = new List<FuzzOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                var answers = operation.Value.TryGetProperty("responses", out var r) ? r.GetRawText() : "";
                // The live alert stream never ends; it has tests of its own.
                if (answers.Contains("text/event-stream", StringComparison.Ordinal) || path.Name.EndsWith("/stream", StringComparison.Ordinal))
                {
                    continue;
                }
                var parameters = new List<FuzzParameter>();
                foreach (var source in new[] { path.Value, operation.Value })
                {
                    if (source.TryGetProperty("parameters", out var list))
                    {
                        parameters.AddRange(list.EnumerateArray().Select(p => new FuzzParameter(
                            p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                            p.TryGetProperty("required", out var required) && required.GetBoolean(),
                            p.TryGetProperty("schema", out var schema) ? schema : default)));
                    }
                }
                JsonElement? body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.TryGetProperty("content", out var content)
                    && content.EnumerateObject().FirstOrDefault(m => m.Name.Contains("json", StringComparison.Ordinal)) is { Value.ValueKind: JsonValueKind.Object } json
                    && json.Value.TryGetProperty("schema", out var bodySchema)
                    ? bodySchema
                    : null;
                operations.Add(new FuzzOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, body, components));
            }
        }
        return operations;
    }

    /// <summary>The schema itself, or the component a <c>$ref</c> points at.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 10 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (Components.ValueKind != JsonValueKind.Object || !Components.TryGetProperty("schemas", out var schemas)
                || !schemas.TryGetProperty(name, out schema))
            {
                return default;
            }
        }
        return schema;
    }
}

internal sealed record FuzzParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>Resources that exist, so that some generated requests reach past "not found" into validation and storage.</summary>
internal sealed record KnownResources(string ArticleId, string Slug, string StorySlug, string FeedbackId, string CommentId, string SubscriptionId,
    string SubscriptionToken, string ReaderToken, string EditorToken)
{
    public static async Task<KnownResources> CreateAsync(PlatformFixture platform, HttpClient client)
    {
        var editorToken = PlatformFixture.IssueToken(PlatformFixture.EditorRole);
        using var editor = platform.EditorGateway();
        var filed = await editor.PostAsJsonAsync("/api/articles", new
        {
            headline = TestData.Unique("Fuzzing target report on the harbour"),
            summary = "A report for the fuzzer to aim at.",
            body = "Its body has a paragraph.",
            section = "world",
            tags = new[] { "harbour" },
            story = TestData.Unique("Fuzz story"),
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var article = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var storySlug = article.TryGetProperty("story", out var story) && story.ValueKind == JsonValueKind.Object
            && story.TryGetProperty("slug", out var s) ? s.GetString()! : "no-story";

        using var issue = new HttpRequestMessage(HttpMethod.Post, "/api/feedback/readers");
        var reader = await (await client.SendAsync(issue)).Content.ReadFromJsonAsync<JsonElement>();
        var readerToken = reader.GetProperty("token").GetString()!;
        var articleId = article.GetProperty("id").GetString()!;
        var feedbackId = await PostAsync(client, readerToken, "/api/feedback", new { kind = "idea", text = "A fuzzing target idea", page = "/" });
        var commentId = await PostAsync(client, readerToken, $"/api/feedback/articles/{articleId}/comments", new { text = "A calm comment." }, wait: true);

        var subscribed = await client.PostAsJsonAsync("/api/subscriptions", new { url = "http://127.0.0.1:9/nojor-fuzz-hook" });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = await subscribed.Content.ReadFromJsonAsync<JsonElement>();
        // Nothing listens there: once its one verification request has failed, the subscription's rows stay as they are.
        await WebhookSubscriptions.WaitForVerificationAsync(client, subscription.GetProperty("id").GetString()!,
            subscription.GetProperty("managementToken").GetString()!, "failed");
        return new KnownResources(articleId, article.GetProperty("slug").GetString()!, storySlug, feedbackId, commentId,
            subscription.GetProperty("id").GetString()!, subscription.GetProperty("managementToken").GetString()!, readerToken, editorToken);
    }

    private static async Task<string> PostAsync(HttpClient client, string readerToken, string path, object body, bool wait = false)
    {
        // The feedback service learns of a new report from its event: a comment on it may be refused for a moment.
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Reader-Token", readerToken);
            var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Created || !wait || attempt > 50)
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            }
            await Task.Delay(200);
        }
    }
}

/// <summary>A generated request, printable so that a failure can be read and replayed by hand.</summary>
internal sealed record FuzzRequest(string Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body, string? ContentType)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    public override string ToString() =>
        $"{Method} {Url}" + string.Concat(Headers.Select(h => $"\n    {h.Name}: {OpenApiFuzzTests.Shorten(h.Value, 120)}"))
        + (Body is null ? "" : $"\n    Content-Type: {ContentType}\n    {OpenApiFuzzTests.Shorten(Body, 400)}");
}

/// <summary>Turns operations into requests: mostly well-shaped with one hostile change, sometimes thoroughly broken.</summary>
internal sealed class FuzzRequestGenerator(Random random, KnownResources known)
{
    // Path segments a client can send that Kestrel lets through: encodings, traversal, numbers, Unicode, injection attempts.
    private static readonly string[] HostileSegments =
    [
        "..", "%2e%2e", "%2E%2E%2F%2E%2E", "%2F", "%252F", "%2500", "%25", "%C0%AE%C0%AE", "%FF%FE", "%ED%A0%80", "a%20b", "%20",
        "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "%F0%9F%98%80", "%C7%85", "0", "-1", "99999999999999999999999", "1e308", "NaN",
        "null", "true", "%7B%7D", "%5B%5D", "'%20OR%201=1--", "%3Cscript%3E", "00000000-0000-0000-0000-000000000000",
        "%7B00000000-0000-0000-0000-000000000001%7D", "not-a-guid", "%01%02%1F%7F", "%0D%0A", "%09", new string('a', 1500),
        "index.html", "feed.xml", "~", "%7E%2F", "%5C..%5C",
    ];

    // Values for strings: control characters, bidi overrides, lone halves of surrogate pairs (as JSON escapes), huge text.
    private static readonly string[] HostileStrings =
    [
        "", " ", "\u0000", "a\u0000b", "\u0001\u001f\u007f", "\r\n\r\n", "\t", "\u202e\u202dreversed", "\u200b\u200d\ufeff",
        "😀👍🏽🇳🇴", "ǅ\u0301\u0301\u0301", "\ufffd\uffff", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
        "=cmd|' /C calc'!A0", "%00", "%2F", "\\", "\"", "{}", "null", new string('x', 5_000), new string('é', 20_000),
        "javascript:alert(1)", "http://169.254.169.254/latest", "ftp://example.com/x", "http://[::1]/", "https://exa mple.com",
        "not-an-email@", "a@b", "9999-99-99T99:99:99Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "PT-1H", "25:61",
        "Europe/Nowhere", "helpful", "idea", "world",
    ];

    private static readonly object[] HostileNumbers =
    [
        0, -1, -2147483648, 2147483647, 2147483648L, -9223372036854775808L, 9223372036854775807L, 1e308, -1e308, 0.5, 1e-320,
        decimal.Parse("79228162514264337593543950335", CultureInfo.InvariantCulture),
    ];

    // Query values, percent-encoded as a client would send them; %00 reaches our code here (Kestrel does not decode queries).
    private static readonly string[] HostileQueryValues =
    [
        "", "%00", "a%00b", "-1", "0", "2147483648", "99999999999999999999999", "1e400", "NaN", "true", "%FF", "%ED%A0%80",
        "%E2%80%AE", "%F0%9F%98%80", "%27%20OR%201%3D1--", "%3Cmark%3E", "*", ":*", "!%26|()", "%0D%0A", "9999-99-99",
        "0001-01-01T00:00:00Z", "10000-01-01", "xx", "Norway%2FVestland%2F%2F%2F", new string('q', 600), "csv", "xml",
    ];

    // Header shapes that Kestrel accepts (visible ASCII) but our code must still handle.
    private static readonly (string Name, string[] Values)[] HostileHeaders =
    [
        ("If-Match", ["*", "\"\"", "W/\"1\"", "garbage", "\"unterminated", "\"1\", \"2\""]),
        ("If-None-Match", ["*", "garbage", "W/\"x\""]),
        ("Authorization", ["Bearer", "Bearer ", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiZWRpdG9yIn0.", "Basic Zm9vOmJhcg==", "Bearer " + new string('A', 4000)]),
        ("X-Reader-Token", ["", "x", "nrt_" + new string('0', 64), "'; DROP TABLE readers;--"]),
        ("X-Subscription-Token", ["", "nst_wrong", new string('z', 3000)]),
        ("Accept", ["text/html", "application/xml", "*/*;q=garbage", "application/problem+json"]),
        ("X-Forwarded-For", ["1.2.3.4", "not-an-address", "::1, 10.0.0.1"]),
        ("Last-Event-ID", ["-1", "abc", "99999999999999999999"]),
        ("Cookie", ["nojor_reader=garbage", "nojor_reader=", "a=b; c"]),
        ("X-Request-Id", ["", new string('r', 2000), "has spaces"]),
    ];

    private static readonly string[] HostileContentTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=latin1", "multipart/form-data", "garbage"];

    private static readonly string[] MalformedJson =
    [
        "", "{", "}", "[", "{\"a\":}", "{'single':'quotes'}", "{\"a\":1,}", "nul", "\"unterminated", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\u00\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]", "1e999999", "{\"a\":01}",
        "\ufeff{}", "{\"a\":NaN}", "{\"a\":Infinity}", "/* comment */ {}", "{\"a\":1}{\"b\":2}", "\u0000",
    ];

    public FuzzRequest Next(IReadOnlyList<FuzzOperation> operations)
    {
        var operation = operations[random.Next(operations.Count)];
        var headers = new List<(string, string)>();
        // Who asks: nobody, an editor, a reader; editors' routes are only fuzzed past the gateway's 401 with a token.
        switch (random.Next(4))
        {
            case 0:
                headers.Add(("Authorization", "Bearer " + known.EditorToken));
                break;
            case 1:
                headers.Add(("X-Reader-Token", known.ReaderToken));
                break;
        }
        if (operation.Path.StartsWith("/api/subscriptions/", StringComparison.Ordinal) && random.Next(2) == 0)
        {
            headers.Add(("X-Subscription-Token", known.SubscriptionToken));
        }
        var url = new StringBuilder(Path(operation));
        var query = Query(operation);
        if (query.Length > 0)
        {
            url.Append('?').Append(query);
        }
        if (random.Next(5) == 0)
        {
            var (name, values) = HostileHeaders[random.Next(HostileHeaders.Length)];
            headers.RemoveAll(h => h.Item1 == name);
            headers.Add((name, values[random.Next(values.Length)]));
        }
        var (body, contentType) = Body(operation);
        return new FuzzRequest(operation.Method, url.ToString(), headers, body, contentType);
    }

    private string Path(FuzzOperation operation)
    {
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            var value = random.Next(3) == 0 ? HostileSegments[random.Next(HostileSegments.Length)] : Uri.EscapeDataString(KnownValue(parameter.Name));
            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }
        return random.Next(25) == 0 ? path + HostileSegments[random.Next(HostileSegments.Length)] : path;
    }

    private string KnownValue(string name) => name.ToLowerInvariant() switch
    {
        "slug" => random.Next(2) == 0 ? known.Slug : known.StorySlug,
        "section" => "world",
        "articleid" => known.ArticleId,
        "deliveryid" => "dlv_" + Guid.NewGuid().ToString("N"),
        "id" => random.Next(5) switch
        {
            0 => known.ArticleId,
            1 => known.FeedbackId,
            2 => known.CommentId,
            3 => known.SubscriptionId,
            _ => Guid.NewGuid().ToString(),
        },
        _ => "x",
    };

    private string Query(FuzzOperation operation)
    {
        var parts = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (!parameter.Required && random.Next(2) == 0)
            {
                continue;
            }
            var value = random.Next(2) == 0
                ? HostileQueryValues[random.Next(HostileQueryValues.Length)]
                : Uri.EscapeDataString(ValueFor(operation, parameter.Schema, 0)?.ToJsonString().Trim('"') ?? "");
            // Kept well under Kestrel's 8 KiB request line, whose bare 414 no code of ours could turn into a problem.
            parts.Add($"{parameter.Name}={(value.Length > 1500 ? value[..1500] : value)}");
        }
        if (random.Next(8) == 0)
        {
            parts.Add($"unexpected{random.Next(100)}={HostileQueryValues[random.Next(HostileQueryValues.Length)]}");
        }
        return string.Join('&', parts);
    }

    private (string? Body, string? ContentType) Body(FuzzOperation operation)
    {
        if (operation.BodySchema is not { } schema)
        {
            return random.Next(6) == 0 ? (MalformedJson[random.Next(MalformedJson.Length)], "application/json") : (null, null);
        }
        var roll = random.Next(12);
        if (roll == 0)
        {
            return (MalformedJson[random.Next(MalformedJson.Length)], "application/json");
        }
        if (roll == 1)
        {
            return (ValueFor(operation, schema, 0)?.ToJsonString() ?? "{}", HostileContentTypes[random.Next(HostileContentTypes.Length)]);
        }
        if (roll == 2)
        {
            return (null, null);
        }
        var value = ValueFor(operation, schema, 0) ?? new JsonObject();
        // One or a few hostile changes to an otherwise well-formed body.
        for (var changes = 1 + random.Next(3); changes > 0; changes--)
        {
            value = Mutate(value);
        }
        return (value.ToJsonString(), "application/json");
    }

    /// <summary>A value that fits the schema (well-formed enough to pass parsing), with hostile strings and numbers mixed in.</summary>
    private JsonNode? ValueFor(FuzzOperation operation, JsonElement schema, int depth)
    {
        schema = operation.Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object || depth > 5)
        {
            return null;
        }
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options) && options.GetArrayLength() > 0)
            {
                var picked = options.EnumerateArray().Where(o => !IsNull(operation, o)).ToList();
                return picked.Count == 0 ? null : ValueFor(operation, picked[random.Next(picked.Count)], depth + 1);
            }
        }
        if (schema.TryGetProperty("enum", out var choices) && choices.GetArrayLength() > 0 && random.Next(4) != 0)
        {
            return JsonNode.Parse(choices[random.Next(choices.GetArrayLength())].GetRawText());
        }
        switch (TypeOf(schema))
        {
            case "object":
                var result = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        if (random.Next(6) != 0)
                        {
                            result[property.Name] = ValueFor(operation, property.Value, depth + 1);
                        }
                    }
                }
                return result;
            case "array":
                var array = new JsonArray();
                var items = schema.TryGetProperty("items", out var itemSchema) ? itemSchema : default;
                for (var count = random.Next(random.Next(10) == 0 ? 60 : 3); count > 0; count--)
                {
                    array.Add(ValueFor(operation, items, depth + 1));
                }
                return array;
            case "integer":
                return random.Next(3) == 0 ? JsonValue.Create(HostileNumbers[random.Next(7)]) : JsonValue.Create(random.Next(-2, 8));
            case "number":
                return JsonValue.Create(HostileNumbers[random.Next(HostileNumbers.Length)]);
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            default:
                return JsonValue.Create(StringFor(schema));
        }
    }

    private string StringFor(JsonElement schema)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (random.Next(3) == 0)
        {
            return HostileStrings[random.Next(HostileStrings.Length)];
        }
        return format switch
        {
            "uuid" => random.Next(2) == 0 ? known.ArticleId : Guid.NewGuid().ToString(),
            "date-time" => DateTimeOffset.UtcNow.AddMinutes(random.Next(-100_000, 100_000)).ToString("O", CultureInfo.InvariantCulture),
            "uri" => random.Next(2) == 0 ? "https://example.com/fuzz" : "http://127.0.0.1:1/x",
            "email" => "reader@example.com",
            _ => random.Next(2) == 0 ? "world" : $"Fuzz text {random.Next(1000)}",
        };
    }

    /// <summary>One hostile change somewhere in the value: a wrong type, a missing or extra field, an extreme, odd text.</summary>
    private JsonNode Mutate(JsonNode value)
    {
        if (value is JsonObject obj && obj.Count > 0 && random.Next(4) != 0)
        {
            var names = obj.Select(p => p.Key).ToList();
            var name = names[random.Next(names.Count)];
            switch (random.Next(6))
            {
                case 0:
                    obj.Remove(name);
                    break;
                case 1:
                    obj[name] = Replacement();
                    break;
                case 2:
                    obj["extra" + random.Next(100)] = Replacement();
                    break;
                default:
                    obj[name] = obj[name] is { } child ? Mutate(child.DeepClone()) : Replacement();
                    break;
            }
            return obj;
        }
        if (value is JsonArray array && array.Count > 0 && random.Next(2) == 0)
        {
            var index = random.Next(array.Count);
            array[index] = array[index] is { } item ? Mutate(item.DeepClone()) : Replacement();
            return array;
        }
        return Replacement() ?? JsonValue.Create("null-replaced")!;
    }

    /// <summary>A value of any type, from the hostile lists.</summary>
    private JsonNode? Replacement() => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(HostileNumbers[random.Next(HostileNumbers.Length)]),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray(JsonValue.Create(HostileStrings[random.Next(HostileStrings.Length)])),
        4 => new JsonObject { ["nested"] = HostileStrings[random.Next(HostileStrings.Length)] },
        _ => JsonValue.Create(HostileStrings[random.Next(HostileStrings.Length)]),
    };

    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : null;
        }
        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }
        // OpenAPI 3.1 lists types ("integer", "string" for numbers that may come quoted; "null" for optional ones).
        var types = type.EnumerateArray().Select(t => t.GetString()).Where(t => t != "null").ToList();
        return types.Contains("integer") ? "integer" : types.Contains("number") ? "number" : types.FirstOrDefault();
    }

    private static bool IsNull(FuzzOperation operation, JsonElement schema) =>
        operation.Resolve(schema) is { ValueKind: JsonValueKind.Object } resolved && resolved.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String && type.GetString() == "null";
}

/// <summary>
/// Every stored row of the three services' databases, as a count and a digest per table, read straight from PostgreSQL.
/// Bookkeeping the services change on their own (the outbox relay, the inbox, the key ring, the delivery workers' queues
/// and attempt logs) is left out; of the subscriptions, only what a request sets is watched, as the workers keep their
/// health, pacing, verification and digest columns up to date on their own schedule (other tests' subscriptions keep
/// retrying while the fuzzer runs).
/// </summary>
internal sealed class StoredRows : IAsyncDisposable
{
    private static readonly string[] Bookkeeping = ["outbox_messages", "inbox_messages", "__EFMigrationsHistory", "DataProtectionKeys", "data_protection_keys",
        "webhook_deliveries", "delivery_attempts", "email_deliveries"];

    private static readonly Dictionary<string, string[]> RequestSetColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["subscriptions"] = ["Id", "Url", "Filter", "QuietHours", "IsPaused", "ManagementTokenHash", "Secret", "PushKey", "TargetHost", "CreatedAt"],
        ["email_subscriptions"] = ["Id", "AddressKey", "Filter", "Frequency", "QuietHours", "ConfirmedAt", "CreatedAt"],
    };

    private static string RowsOf(string table) => RequestSetColumns.TryGetValue(table, out var columns)
        ? $"(SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\")"
        : $"\"{table}\"";
    private readonly List<(string Database, Npgsql.NpgsqlConnection Connection, string Query)> databases;

    private StoredRows(List<(string, Npgsql.NpgsqlConnection, string)> databases) => this.databases = databases;

    public static async Task<StoredRows> OpenAsync(PlatformFixture platform)
    {
        var opened = new List<(string, Npgsql.NpgsqlConnection, string)>();
        foreach (var database in new[] { ResourceNames.ArticleDatabase, ResourceNames.FeedbackDatabase, ResourceNames.NotificationDatabase })
        {
            var connection = new Npgsql.NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = new Npgsql.NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }
            var query = string.Join(" UNION ALL ", tables.Where(t => !Bookkeeping.Contains(t, StringComparer.OrdinalIgnoreCase)).Select(t =>
                $"SELECT '{t}', count(*), coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') FROM {RowsOf(t)} x"));
            Assert.False(string.IsNullOrEmpty(query), $"{database} has no tables to watch");
            opened.Add((database, connection, query));
        }
        return new StoredRows(opened);
    }

    public async Task<Dictionary<string, (long Count, string Digest)>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, (long, string)>();
        foreach (var (database, connection, query) in databases)
        {
            await using var command = new Npgsql.NpgsqlCommand(query, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                snapshot[$"{database}.{reader.GetString(0)}"] = (reader.GetInt64(1), reader.GetString(2));
            }
        }
        return snapshot;
    }

    /// <summary>
    /// A snapshot once the platform has stopped changing rows (the events of an accepted write handled, a new subscription's
    /// verification request tried): unchanged over two half-second looks in a row, or whatever it is after 15 s.
    /// </summary>
    public async Task<Dictionary<string, (long Count, string Digest)>> SettledSnapshotAsync()
    {
        var previous = await SnapshotAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var quiet = 0;
        while (quiet < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var current = await SnapshotAsync();
            quiet = Difference(previous, current) is null ? quiet + 1 : 0;
            previous = current;
        }
        return previous;
    }

    public static string? Difference(Dictionary<string, (long Count, string Digest)> before, Dictionary<string, (long Count, string Digest)> after)
    {
        var changed = after.Where(table => !before.TryGetValue(table.Key, out var was) || was != table.Value)
            .Select(table => $"{table.Key} ({(before.TryGetValue(table.Key, out var was) ? was.Count : 0)} → {table.Value.Count} rows)")
            .ToList();
        return changed.Count == 0 ? null : "stored rows changed: " + string.Join(", ", changed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, connection, _) in databases)
        {
            await connection.DisposeAsync();
        }
    }
}
