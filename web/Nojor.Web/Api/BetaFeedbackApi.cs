using System.Globalization;
using System.Text;

namespace Nojor.Web.Api;

/// <summary>The feedback service's beta: sending feedback, the public board of ideas and votes.</summary>
/// <remarks>Callers pass <c>ReaderSession.Authorize</c> to send the reader's token where the service wants it.</remarks>
public sealed class BetaFeedbackApi(HttpClient http) : ServiceClient(http, "feedback-api")
{
    // The service's own limits, checked here too so the form can say so before sending.
    public const int TextMaxLength = 5000;
    public const int PageMaxLength = 2048;
    public const int EmailMaxLength = 254;
    public const int BoardPageSize = 20;

    public Task<ApiResult<FeedbackSent>> SendAsync(SendFeedback feedback, Action<HttpRequestMessage> authorize, CancellationToken cancellationToken) =>
        SendJsonAsync<FeedbackSent>(HttpMethod.Post, "/api/feedback", feedback, cancellationToken, authorize);

    public Task<ApiResult<BoardPage>> BoardAsync(string? status, string? cursor, Action<HttpRequestMessage> authorize,
        CancellationToken cancellationToken)
    {
        var path = new StringBuilder("/api/feedback/board?limit=").Append(BoardPageSize.ToString(CultureInfo.InvariantCulture));
        if (status is not null)
        {
            path.Append("&status=").Append(Uri.EscapeDataString(status));
        }
        if (cursor is not null)
        {
            path.Append("&cursor=").Append(Uri.EscapeDataString(cursor));
        }
        return GetAsync<BoardPage>(path.ToString(), cancellationToken, authorize);
    }

    /// <summary>One piece of feedback with its vote count; a null value when it is gone.</summary>
    public Task<ApiResult<FeedbackItem>> GetItemAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync<FeedbackItem>($"/api/feedback/{id}", cancellationToken);

    public Task<ApiResult<VoteCounted>> VoteAsync(Guid ideaId, Action<HttpRequestMessage> authorize, CancellationToken cancellationToken) =>
        SendJsonAsync<VoteCounted>(HttpMethod.Post, $"/api/feedback/{ideaId}/votes", null, cancellationToken, authorize);
}
