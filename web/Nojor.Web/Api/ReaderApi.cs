namespace Nojor.Web.Api;

public sealed record ReaderTokenIssued(Guid ReaderId, string Token, DateTimeOffset ExpiresAt);

/// <summary>The feedback service's issuer of anonymous reader tokens.</summary>
public sealed class ReaderApi(HttpClient http) : ServiceClient(http, "feedback-api")
{
    public const string TokenHeader = "X-Reader-Token";

    public Task<ApiResult<ReaderTokenIssued>> IssueAsync(CancellationToken cancellationToken) =>
        SendJsonAsync<ReaderTokenIssued>(HttpMethod.Post, "/api/feedback/readers", null, cancellationToken);

    /// <summary>Swaps a token that has not expired for a new one with a full lifetime; the reader keeps their identity.</summary>
    public Task<ApiResult<ReaderTokenIssued>> RenewAsync(string token, CancellationToken cancellationToken) =>
        SendJsonAsync<ReaderTokenIssued>(HttpMethod.Post, "/api/feedback/readers/renew", null, cancellationToken,
            request => request.Headers.TryAddWithoutValidation(TokenHeader, token));
}
