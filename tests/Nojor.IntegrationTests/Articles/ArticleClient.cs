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
