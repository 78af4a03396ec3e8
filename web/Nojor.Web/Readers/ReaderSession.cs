namespace Nojor.Web.Readers;

/// <summary>
/// The anonymous reader behind a request: the token the feedback service issued, kept in an HttpOnly, SameSite cookie
/// so page scripts never see it. A reader without the cookie sees the pages every reader sees (and the gateway may
/// serve them from its cache); one with it sees their own rating, reactions and held comments.
/// </summary>
public sealed class ReaderSession(IHttpContextAccessor accessor)
{
    public const string CookieName = "nojor_reader";
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);

    private HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("No request is being handled.");

    /// <summary>The reader's token, or null for a reader who has not interacted yet.</summary>
    public string? Token => Context.Request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrWhiteSpace(token) ? token : null;

    public bool HasToken => Token is not null;

    public static bool HasCookie(HttpRequest request) => request.Cookies.ContainsKey(CookieName);

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
        // Later code in this request (the redirect's target is another request) sees the reader as known.
        Context.Items[CookieName] = token;
    }

    /// <summary>Drops a token the feedback service no longer knows (stale or forged), so the next action gets a new one.</summary>
    public void Forget() => Context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
}
