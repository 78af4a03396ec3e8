using Nojor.Web.Api;

namespace Nojor.Web.Readers;

/// <summary>
/// The anonymous reader behind a request: the token the feedback service issued, kept in an HttpOnly, SameSite cookie
/// so page scripts never see it. A reader without the cookie sees the pages every reader sees (and the gateway may
/// serve them from its cache); one with it sees their own rating, reactions and held comments.
/// </summary>
/// <remarks>
/// Tokens expire (the feedback service's <c>Feedback:Readers:TokenLifetime</c>), and an expired one cannot be renewed: the
/// reader would become someone new and no longer see their own ratings and comments as theirs. So the cookie lives as
/// long as its token, and a second cookie, <see cref="FreshCookieName"/>, lives half as long: a reader who comes back
/// without it gets their token renewed on that visit (<see cref="RenewIfDueAsync"/>) and keeps their identity.
/// </remarks>
public sealed class ReaderSession(IHttpContextAccessor accessor, ReaderApi readers, TimeProvider clock, ILogger<ReaderSession> logger)
{
    public const string CookieName = "nojor_reader";

    /// <summary>Present while the reader's token needs no renewal; its absence beside a token means "renew on this visit".</summary>
    public const string FreshCookieName = "nojor_reader_fresh";

    /// <summary>How long the record of a reader's own feedback (<c>MyFeedback</c>) is kept in their browser.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// How long to leave a token alone after a renewal the service refused (it did not know the token: forged, expired, or
    /// renewed a moment ago by another of the reader's requests), so such a cookie does not cost a renewal on every page.
    /// </summary>
    private static readonly TimeSpan RetryAfterRefusal = TimeSpan.FromHours(1);
    private const string TokenPrefix = "rdr_";
    private const int MaxTokenLength = 100;

    private HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("No request is being handled.");

    /// <summary>The reader's token, or null for a reader who has not interacted yet (or sent something not shaped like one).</summary>
    public string? Token =>
        Context.Items[CookieName] as string
        ?? (Context.Request.Cookies.TryGetValue(CookieName, out var token) && token is { Length: > 0 and <= MaxTokenLength }
            && token.StartsWith(TokenPrefix, StringComparison.Ordinal) ? token : null);

    public bool HasToken => Token is not null;

    public static bool HasCookie(HttpRequest request) => request.Cookies.ContainsKey(CookieName);

    /// <summary>The reader's token, issuing one (and setting the cookie) on their first action.</summary>
    public async Task<ApiResult<string>> EnsureTokenAsync(CancellationToken cancellationToken)
    {
        if (Token is { } known)
        {
            return new ApiResult<string>(known, null);
        }
        var issued = await readers.IssueAsync(cancellationToken);
        if (!issued.Succeeded)
        {
            return issued.Problem!;
        }
        Remember(issued.Value!);
        return new ApiResult<string>(issued.Value!.Token, null);
    }

    /// <summary>
    /// Renews the reader's token when its fresh cookie has lapsed (past half its lifetime, or set before renewal existed).
    /// Renewal is a courtesy to the reader: when the service cannot answer, the page is served as usual and the next
    /// visit tries again.
    /// </summary>
    public async Task RenewIfDueAsync(CancellationToken cancellationToken)
    {
        if (Token is not { } token || Context.Items.ContainsKey(CookieName) || Context.Request.Cookies.ContainsKey(FreshCookieName))
        {
            return;
        }
        ApiResult<ReaderTokenIssued> renewed;
        try
        {
            renewed = await readers.RenewAsync(token, cancellationToken);
        }
        catch (ServiceUnavailableException e)
        {
            logger.LogWarning(e, "A reader token was due for renewal and the feedback service could not renew it.");
            return;
        }
        if (renewed.Succeeded)
        {
            Remember(renewed.Value!);
        }
        else
        {
            // Not forgotten here: a refusal can also mean another request renewed it a moment ago, and the cookie that
            // request set must not be deleted. A token the service does not know is dropped when an action is refused.
            AppendFreshCookie(clock.GetUtcNow() + RetryAfterRefusal);
        }
    }

    /// <summary>Adds the reader's token (if any) to a call to the feedback service.</summary>
    public void Authorize(HttpRequestMessage request)
    {
        if (Token is { } token)
        {
            request.Headers.TryAddWithoutValidation(ReaderApi.TokenHeader, token);
        }
    }

    public void Remember(ReaderTokenIssued issued)
    {
        var now = clock.GetUtcNow();
        Context.Response.Cookies.Append(CookieName, issued.Token, Options(issued.ExpiresAt));
        AppendFreshCookie(now + (issued.ExpiresAt - now) / 2);
        // The rest of this request sees the reader as known.
        Context.Items[CookieName] = issued.Token;
    }

    /// <summary>
    /// Drops a token the feedback service does not know (stale, or forged): the service answered 401. The reader's
    /// next action gets a new token; what they sent is not lost, the page asks them to send it again.
    /// </summary>
    public void Forget()
    {
        Context.Items.Remove(CookieName);
        Context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
        Context.Response.Cookies.Delete(FreshCookieName, new CookieOptions { Path = "/" });
    }

    private void AppendFreshCookie(DateTimeOffset until) => Context.Response.Cookies.Append(FreshCookieName, "1", Options(until));

    private CookieOptions Options(DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        Secure = Context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
