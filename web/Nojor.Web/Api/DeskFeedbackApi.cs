using System.Globalization;
using System.Text;

namespace Nojor.Web.Api;

/// <summary>The feedback service's editor API as the desk uses it: triage, moderation, correction requests and the export.</summary>
public sealed class DeskFeedbackApi(HttpClient http) : ServiceClient(http, "feedback-api")
{
    public static readonly IReadOnlyList<string> BetaKinds = ["bug", "idea", "praise", "other"];
    public static readonly IReadOnlyList<string> ExportKinds = ["bug", "idea", "praise", "other", "comment", "correction"];

    /// <summary>
    /// Feedback received in a time range, of the given kinds, oldest first: the export the service offers editors, which
    /// is also the only read of every piece of beta feedback whatever its status (the public board shows ideas only).
    /// </summary>
    public Task<ApiResult<FeedbackExport>> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, IEnumerable<string> kinds,
        CancellationToken cancellationToken) =>
        GetAsync<FeedbackExport>(ExportPath("json", from, to, kinds), cancellationToken);

    /// <summary>The export file as the service wrote it (CSV or JSON), for the editor to download.</summary>
    public async Task<ApiResult<(byte[] Content, string ContentType)>> ExportAsync(string format, DateTimeOffset? from, DateTimeOffset? to,
        IEnumerable<string> kinds, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ExportPath(format, from, to, kinds));
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return await ProblemOf(response, cancellationToken);
        }
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new ApiResult<(byte[], string)>((content, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream"), null);
    }

    public Task<ApiResult<FeedbackItem>> TriageAsync(Guid id, string status, string? publicReply, CancellationToken cancellationToken) =>
        SendJsonAsync<FeedbackItem>(HttpMethod.Post, $"/api/feedback/{id}/triage", new { status, publicReply }, cancellationToken);

    public Task<ApiResult<ModerationQueue>> HeldCommentsAsync(CancellationToken cancellationToken) =>
        GetAsync<ModerationQueue>("/api/feedback/moderation/comments", cancellationToken);

    public Task<ApiResult<System.Text.Json.JsonElement>> ModerateAsync(Guid commentId, bool approve, CancellationToken cancellationToken) =>
        SendJsonAsync<System.Text.Json.JsonElement>(HttpMethod.Post, $"/api/feedback/moderation/comments/{commentId}/{(approve ? "approve" : "reject")}", null,
            cancellationToken);

    public Task<ApiResult<CorrectionRequestList>> CorrectionRequestsAsync(CancellationToken cancellationToken) =>
        GetAsync<CorrectionRequestList>("/api/feedback/corrections", cancellationToken);

    private static string ExportPath(string format, DateTimeOffset? from, DateTimeOffset? to, IEnumerable<string> kinds)
    {
        var path = new StringBuilder("/api/feedback/export?format=").Append(Uri.EscapeDataString(format));
        if (from is { } start)
        {
            path.Append("&from=").Append(Uri.EscapeDataString(start.ToString("O", CultureInfo.InvariantCulture)));
        }
        if (to is { } end)
        {
            path.Append("&to=").Append(Uri.EscapeDataString(end.ToString("O", CultureInfo.InvariantCulture)));
        }
        var kind = string.Join(',', kinds);
        if (kind.Length > 0)
        {
            path.Append("&kind=").Append(Uri.EscapeDataString(kind));
        }
        return path.ToString();
    }
}
