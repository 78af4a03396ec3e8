using Nojor.Web.Api;

namespace Nojor.Web.Readers;

/// <summary>
/// The anonymous reader behind a request: the token the feedback service issued, kept in an HttpOnly, SameSite cookie
/// so page scripts never see it. A reader without the cookie sees the pages every reader sees (and the gateway may
/// serve them from its cache); one with it sees their own rating, reactions and held comments.
/// </summary>
public sealed class ReaderSession(IHttpContextAccessor accessor, ReaderApi readers)
{
    public const string CookieName = "nojor_reader";
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);
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
        Remember(issued.Value!.Token);
        return new ApiResult<string>(issued.Value.Token, null);
    }

    /// <summary>Adds the reader's token (if any) to a call to the feedback service.</summary>
    public void Authorize(HttpRequestMessage request)
    {
        if (Token is { } token)
        {
            request.Headers.TryAddWithoutValidation(ReaderApi.TokenHeader, token);
        }
    }

    public void Remember(string token)
    {
        Context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = Context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = CookieLifetime,
            IsEssential = true,
        });
        // The rest of this request sees the reader as known.
        Context.Items[CookieName] = token;
    }

    /// <summary>
    /// Drops a token the feedback service does not know (stale, or forged): the service answered 401. The reader's
    /// next action gets a new token; what they sent is not lost, the page asks them to send it again.
    /// </summary>
    public void Forget()
    {
        Context.Items.Remove(CookieName);
        Context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
    }
}
