using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Nojor.Web.Api;

/// <summary>
/// The article service's editorial API as the desk uses it, with the signed-in editor's token (added by the desk's
/// handler). Reads keep the version's ETag, and every save sends it back as <c>If-Match</c>: a 412 means someone else
/// saved first, and the desk shows both versions instead of overwriting theirs.
/// </summary>
public sealed class DeskArticleApi(HttpClient http) : ServiceClient(http, "article-api")
{
    public const int PageSize = 50;

    public Task<ApiResult<QueuedArticleList>> ListAsync(string status, string? section, string? q, int offset, CancellationToken cancellationToken)
    {
        var path = new StringBuilder("/api/articles/by-status/").Append(Uri.EscapeDataString(status))
            .Append("?limit=").Append(PageSize.ToString(CultureInfo.InvariantCulture))
            .Append("&offset=").Append(offset.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(section))
        {
            path.Append("&section=").Append(Uri.EscapeDataString(section));
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            path.Append("&q=").Append(Uri.EscapeDataString(q));
        }
        return GetAsync<QueuedArticleList>(path.ToString(), cancellationToken);
    }

    /// <summary>A report in any state with its ETag; a null value when there is no such report.</summary>
    public async Task<ApiResult<Versioned<DeskArticle>>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/by-id/{id}/draft");
        return await VersionedAsync(request, cancellationToken, notFoundIsNull: true);
    }

    public Task<ApiResult<IReadOnlyList<Revision>>> RevisionsAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<Revision>>($"/api/articles/by-id/{id}/revisions", cancellationToken);

    public Task<ApiResult<Preview>> PreviewAsync(string? body, CancellationToken cancellationToken) =>
        SendJsonAsync<Preview>(HttpMethod.Post, "/api/articles/preview", new { body }, cancellationToken);

    /// <summary>Files a report as a draft: nothing is public until an editor publishes or schedules it.</summary>
    public async Task<ApiResult<Versioned<DeskArticle>>> CreateDraftAsync(ReportContent content, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Post, "/api/articles", new
        {
            content.Headline,
            content.Summary,
            content.Body,
            content.Section,
            content.Tags,
            content.Places,
            content.Dateline,
            content.Byline,
            content.Language,
            content.Urgency,
            content.Breaking,
            content.EmbargoUntil,
            content.Story,
            Draft = true,
        }, null);
        return await VersionedAsync(request, cancellationToken);
    }

    public async Task<ApiResult<Versioned<DeskArticle>>> SaveAsync(Guid id, ReportContent content, string etag, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Put, $"/api/articles/by-id/{id}", content, etag);
        return await VersionedAsync(request, cancellationToken);
    }

    public async Task<ApiResult<Versioned<DeskArticle>>> PublishAsync(Guid id, string etag, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Post, $"/api/articles/by-id/{id}/publish", null, etag);
        return await VersionedAsync(request, cancellationToken);
    }

    public async Task<ApiResult<Versioned<DeskArticle>>> ScheduleAsync(Guid id, DateTimeOffset publishAt, string etag, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Post, $"/api/articles/by-id/{id}/schedule", new { publishAt }, etag);
        return await VersionedAsync(request, cancellationToken);
    }

    public async Task<ApiResult<Versioned<DeskArticle>>> CorrectAsync(Guid id, string note, string? body, string etag, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Post, $"/api/articles/by-id/{id}/corrections", new { note, body }, etag);
        return await VersionedAsync(request, cancellationToken);
    }

    public async Task<ApiResult<Versioned<DeskArticle>>> RetractAsync(Guid id, string reason, string etag, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Post, $"/api/articles/by-id/{id}/retract", new { reason }, etag);
        return await VersionedAsync(request, cancellationToken);
    }

    private static HttpRequestMessage JsonRequest(HttpMethod method, string path, object? body, string? etag)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, body.GetType(), options: ServiceClient.Json),
        };
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfMatch.Add(tag);
        }
        return request;
    }

    private async Task<ApiResult<Versioned<DeskArticle>>> VersionedAsync(HttpRequestMessage request, CancellationToken cancellationToken,
        bool notFoundIsNull = false)
    {
        using var response = await SendAsync(request, cancellationToken);
        if (notFoundIsNull && response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new ApiResult<Versioned<DeskArticle>>(null, null);
        }
        var read = await ReadAsync<DeskArticle>(response, cancellationToken);
        if (!read.Succeeded || read.Value is null)
        {
            return new ApiResult<Versioned<DeskArticle>>(null, read.Problem);
        }
        return new ApiResult<Versioned<DeskArticle>>(new Versioned<DeskArticle>(read.Value, response.Headers.ETag?.ToString() ?? ""), null);
    }
}
