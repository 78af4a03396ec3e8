using System.Globalization;

namespace Nojor.Web.Subscriptions;

/// <summary>
/// Where a browser keeps the management tokens of the webhook subscriptions it registered: one cookie per subscription,
/// so no single cookie grows towards the browsers' 4 KB limit. The cookies are HttpOnly (page scripts never see a
/// token), SameSite=Strict (no other site can make the browser use one) and sent only to <c>/alerts</c>, the pages
/// that manage subscriptions; tokens never appear in a URL.
/// </summary>
public static class ManagementCookies
{
    public const string Prefix = "nojor_sub_";
    public const string Path = "/alerts";

    /// <summary>A browser keeps at most this many, well inside the cookies a browser keeps for one site.</summary>
    public const int MaxPerBrowser = 20;

    /// <summary>Browsers cap a cookie's lifetime at 400 days.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    private const string TokenPrefix = "nst_";
    private const int MaxTokenLength = 100;
    private static readonly System.Buffers.SearchValues<char> Base64UrlCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The token this browser holds for <paramref name="id"/>, or null (none, or something not shaped like one).</summary>
    public static string? TokenFor(HttpRequest request, Guid id) =>
        request.Cookies.TryGetValue(NameOf(id), out var token) && IsTokenShaped(token) ? token : null;

    /// <summary>The subscriptions this browser manages, newest first (their ids are time-ordered).</summary>
    public static IReadOnlyList<Guid> Ids(HttpRequest request) =>
        request.Cookies
            .Where(cookie => cookie.Key.StartsWith(Prefix, StringComparison.Ordinal) && IsTokenShaped(cookie.Value))
            .Select(cookie => Guid.TryParseExact(cookie.Key[Prefix.Length..], "N", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .OrderDescending()
            .Take(MaxPerBrowser)
            .ToList();

    public static void Keep(HttpContext context, Guid id, string token) =>
        context.Response.Cookies.Append(NameOf(id), token, Options(context, Lifetime));

    /// <summary>Drops a token the service no longer accepts (the subscription was deleted, or the token was never its own).</summary>
    public static void Forget(HttpContext context, Guid id) =>
        context.Response.Cookies.Delete(NameOf(id), Options(context, null));

    private static string NameOf(Guid id) => Prefix + id.ToString("N", CultureInfo.InvariantCulture);

    private static bool IsTokenShaped(string? token) =>
        token is { Length: > 4 and <= MaxTokenLength }
        && token.StartsWith(TokenPrefix, StringComparison.Ordinal)
        && token.AsSpan(TokenPrefix.Length).ContainsAnyExcept(Base64UrlCharacters) is false;

    private static CookieOptions Options(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = Path,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
