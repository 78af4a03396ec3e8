namespace Nojor.Web.Api;

public sealed record ReaderTokenIssued(Guid ReaderId, string Token);

/// <summary>The feedback service's issuer of anonymous reader tokens.</summary>
public sealed class ReaderApi(HttpClient http) : ServiceClient(http, "feedback-api")
{
    public const string TokenHeader = "X-Reader-Token";

    public Task<ApiResult<ReaderTokenIssued>> IssueAsync(CancellationToken cancellationToken) =>
        SendJsonAsync<ReaderTokenIssued>(HttpMethod.Post, "/api/feedback/readers", null, cancellationToken);
}
