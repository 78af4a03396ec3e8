using System.Net;

namespace Nojor.Web.Api;

/// <summary>
/// What readers see and send about one report on the feedback service: its summary and comment thread (the same for
/// every reader), and ratings, reactions, comments and correction requests, sent with the reader's token.
/// </summary>
public sealed class ArticleFeedbackApi(HttpClient http) : ServiceClient(http, "feedback-api")
{
    /// <summary>The report's summary; a null value while the feedback service has not yet heard of the report.</summary>
    public Task<ApiResult<FeedbackSummary>> GetSummaryAsync(Guid articleId, CancellationToken cancellationToken) =>
        GetAsync<FeedbackSummary>(ArticlePath(articleId), cancellationToken);

    /// <summary>The published thread; a null value while the feedback service has not yet heard of the report.</summary>
    public Task<ApiResult<CommentThread>> GetCommentsAsync(Guid articleId, CancellationToken cancellationToken) =>
        GetAsync<CommentThread>(ArticlePath(articleId) + "/comments", cancellationToken);

    public Task<ApiResult<RatingSaved>> RateAsync(Guid articleId, int value, Action<HttpRequestMessage> authorize,
        CancellationToken cancellationToken) =>
        SendJsonAsync<RatingSaved>(HttpMethod.Put, ArticlePath(articleId) + "/rating", new { value }, cancellationToken, authorize);

    public Task<ApiResult<ReactionSaved>> ReactAsync(Guid articleId, string kind, Action<HttpRequestMessage> authorize,
        CancellationToken cancellationToken) =>
        SendJsonAsync<ReactionSaved>(HttpMethod.Put, ArticlePath(articleId) + "/reaction", new { kind }, cancellationToken, authorize);

    /// <summary>Withdraws the reader's reaction; having none is the state they asked for, so it is no refusal.</summary>
    public async Task<ApiResult<bool>> WithdrawReactionAsync(Guid articleId, Action<HttpRequestMessage> authorize,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, ArticlePath(articleId) + "/reaction");
        authorize(request);
        using var response = await SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
        {
            return new ApiResult<bool>(true, null);
        }
        return await ProblemOf(response, cancellationToken);
    }

    public Task<ApiResult<PostedComment>> PostCommentAsync(Guid articleId, string text, Guid? parentId, Action<HttpRequestMessage> authorize,
        CancellationToken cancellationToken) =>
        SendJsonAsync<PostedComment>(HttpMethod.Post, ArticlePath(articleId) + "/comments", new { text, parentId }, cancellationToken, authorize);

    public Task<ApiResult<CorrectionRequestSent>> RequestCorrectionAsync(Guid articleId, string quotedPassage, string suggestedFix,
        string? sourceUrl, Action<HttpRequestMessage> authorize, CancellationToken cancellationToken) =>
        SendJsonAsync<CorrectionRequestSent>(HttpMethod.Post, ArticlePath(articleId) + "/corrections",
            new { quotedPassage, suggestedFix, sourceUrl }, cancellationToken, authorize);

    private static string ArticlePath(Guid articleId) => $"/api/feedback/articles/{articleId}";
}
