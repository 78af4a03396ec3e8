using System.Net.Http.Headers;
using System.Text.Json;

namespace Nojor.IntegrationTests.Articles;

/// <summary>Editor and reader calls on the article API used across the article tests.</summary>
internal static class ArticleClient
{
    public static async Task<(JsonElement Body, string ETag)> FileAsync(HttpClient editor, object request)
    {
        var response = await editor.PostAsJsonAsync("/api/articles", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"filing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.ToString());
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.");
            }
            await Task.Delay(250);
        }
    }

    public static object Report(string headline, string section = "world", object? places = null, string? story = null, int urgency = 5,
        bool breaking = false, string body = "A short body.", DateTimeOffset? embargoUntil = null, DateTimeOffset? publishAt = null,
        bool? draft = null, string? language = null, string[]? tags = null) => new
        {
            headline,
            summary = $"Summary of {headline}.",
            body,
            section,
            tags = tags ?? ["test"],
            places = places ?? Array.Empty<object>(),
            story,
            urgency,
            breaking,
            embargoUntil,
            publishAt,
            draft,
            language,
        };
}
