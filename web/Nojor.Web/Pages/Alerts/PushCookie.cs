using System.Globalization;

namespace Nojor.Web.Pages.Alerts;

/// <summary>
/// The management token of this browser's push subscription: one per browser (a browser has one push subscription for
/// our site), kept like the webhooks' tokens in an HttpOnly, SameSite=Strict cookie sent only to <c>/alerts</c>.
/// </summary>
public static class PushCookie
{
    public const string Name = "nojor_push";

    public static (Guid Id, string Token)? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || value is not { Length: <= 200 })
        {
            return null;
        }
        var parts = value.Split('.', 2);
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var id) && parts[1].StartsWith("nst_", StringComparison.Ordinal)
            ? (id, parts[1])
            : null;
    }

    public static void Keep(HttpContext context, Guid id, string token) =>
        context.Response.Cookies.Append(Name, id.ToString("N", CultureInfo.InvariantCulture) + "." + token, Options(context, TimeSpan.FromDays(400)));

    public static void Forget(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context, null));

    private static CookieOptions Options(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/alerts",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
