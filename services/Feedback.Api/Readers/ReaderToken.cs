using System.Security.Cryptography;
using System.Text;

namespace Nojor.Feedback.Readers;

/// <summary>Reader tokens: 256 random bits, sent back in a header or a cookie.</summary>
public static class ReaderToken
{
    public const string HeaderName = "X-Reader-Token";
    public const string CookieName = "nojor_reader";
    private const string Prefix = "rdr_";
    private const int MaxLength = 100;

    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The token the request carries (header first, then cookie), or null; anything not shaped like ours is ignored.</summary>
    public static string? From(HttpRequest request)
    {
        var token = request.Headers[HeaderName].FirstOrDefault() ?? request.Cookies[CookieName];
        return token is { Length: > 0 and <= MaxLength } && token.StartsWith(Prefix, StringComparison.Ordinal) ? token : null;
    }
}
