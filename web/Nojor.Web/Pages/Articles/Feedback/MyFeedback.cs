using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nojor.Web.Api;

namespace Nojor.Web.Pages.Articles.Feedback;

/// <summary>A report the reader rated or reacted to, and how.</summary>
public sealed record MyReport(
    [property: JsonPropertyName("a")] Guid ArticleId,
    [property: JsonPropertyName("r")] int? Rating,
    [property: JsonPropertyName("x")] string? Reaction);

/// <summary>A comment of the reader's that the filter held: only its author may see it, and only until an editor decides.</summary>
public sealed record MyHeldComment(
    [property: JsonPropertyName("i")] Guid Id,
    [property: JsonPropertyName("a")] Guid ArticleId,
    [property: JsonPropertyName("p")] Guid? ParentId,
    [property: JsonPropertyName("t")] string Excerpt,
    [property: JsonPropertyName("s")] DateTimeOffset SentAt);

/// <summary>
/// What this reader did on reports: their ratings, reactions and held comments.
/// <para>
/// The feedback service answers a write with its outcome but offers no read of a reader's own items (its summary and
/// thread are the same for everyone, and a held comment is visible only in the editors' queue). So the web app keeps
/// the outcomes in the reader's browser, in an HttpOnly cookie scoped to <c>/articles</c> (never sent to the API or
/// other pages), bounded to a few hundred bytes per entry and under 4 KB in all: the most recent reports, and the
/// latest held comments with an excerpt. It is written only alongside the reader cookie, so a reader without it still
/// gets the shared page. It only decides what the reader is shown of their own actions; the service decides everything.
/// </para>
/// </summary>
public sealed record MyFeedback(
    [property: JsonPropertyName("r")] IReadOnlyList<MyReport> Reports,
    [property: JsonPropertyName("h")] IReadOnlyList<MyHeldComment> Held)
{
    public const string CookieName = "nojor_mine";
    public const string CookiePath = "/articles";
    public const int MaxReports = 12;
    public const int MaxHeld = 3;
    public const int ExcerptLength = 280;
    private const int MaxEncodedLength = 3800;
    private const string ItemsKey = "nojor.feedback.mine";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // The cookie is base64url-encoded and never rendered as-is; raw UTF-8 keeps non-Latin excerpts at a third of the size.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly MyFeedback Empty = new([], []);

    public MyReport? For(Guid articleId) => Reports.FirstOrDefault(r => r.ArticleId == articleId);

    public IEnumerable<MyHeldComment> HeldOn(Guid articleId) => Held.Where(h => h.ArticleId == articleId);

    public MyFeedback WithRating(Guid articleId, int rating) =>
        WithReport(articleId, report => report with { Rating = rating });

    public MyFeedback WithReaction(Guid articleId, string? reaction) =>
        WithReport(articleId, report => report with { Reaction = reaction });

    public MyFeedback WithHeld(PostedComment comment)
    {
        var excerpt = comment.Text.Length <= ExcerptLength ? comment.Text : comment.Text[..ExcerptLength].TrimEnd() + "…";
        var held = new MyHeldComment(comment.Id, comment.ArticleId, comment.ParentId, excerpt, comment.CreatedAt);
        return this with { Held = [held, .. Held.Where(h => h.Id != comment.Id).Take(MaxHeld - 1)] };
    }

    private MyFeedback WithReport(Guid articleId, Func<MyReport, MyReport> change)
    {
        var report = change(For(articleId) ?? new MyReport(articleId, null, null));
        return this with { Reports = [report, .. Reports.Where(r => r.ArticleId != articleId).Take(MaxReports - 1)] };
    }

    /// <summary>The reader's record as this request knows it: what it changed, else what the browser sent.</summary>
    public static MyFeedback Read(HttpContext http)
    {
        if (http.Items[ItemsKey] is MyFeedback known)
        {
            return known;
        }
        var mine = Decode(http.Request.Cookies[CookieName]);
        http.Items[ItemsKey] = mine;
        return mine;
    }

    public static void Write(HttpContext http, MyFeedback mine)
    {
        var encoded = Encode(ref mine);
        http.Items[ItemsKey] = mine;
        http.Response.Cookies.Append(CookieName, encoded, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = CookiePath,
            MaxAge = Readers.ReaderSession.CookieLifetime,
            IsEssential = true,
        });
    }

    /// <summary>The record belonged to a reader token the service no longer knows: it describes nobody now.</summary>
    public static void Forget(HttpContext http)
    {
        http.Items[ItemsKey] = Empty;
        if (http.Request.Cookies.ContainsKey(CookieName))
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CookiePath });
        }
    }

    /// <summary>Encodes the record, dropping the oldest entries until it fits in one cookie.</summary>
    private static string Encode(ref MyFeedback mine)
    {
        while (true)
        {
            var encoded = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(mine, Json));
            if (encoded.Length <= MaxEncodedLength || (mine.Reports.Count == 0 && mine.Held.Count == 0))
            {
                return encoded;
            }
            mine = mine.Reports.Count > 1 || mine.Held.Count == 0
                ? mine with { Reports = mine.Reports.Take(mine.Reports.Count - 1).ToList() }
                : mine with { Held = mine.Held.Take(mine.Held.Count - 1).ToList() };
        }
    }

    /// <summary>Reads the cookie back; anything malformed or out of range (the browser may send anything) is dropped.</summary>
    private static MyFeedback Decode(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > MaxEncodedLength)
        {
            return Empty;
        }
        try
        {
            var mine = JsonSerializer.Deserialize<MyFeedback>(Base64Url.DecodeFromChars(cookie), Json);
            if (mine?.Reports is null || mine.Held is null)
            {
                return Empty;
            }
            var reports = mine.Reports.Where(r => r is not null).Take(MaxReports)
                .Select(r => r with
                {
                    Rating = r.Rating is >= FeedbackLimits.RatingMin and <= FeedbackLimits.RatingMax ? r.Rating : null,
                    Reaction = ReactionKinds.IsKnown(r.Reaction) ? r.Reaction : null,
                })
                .ToList();
            var held = mine.Held.Where(h => h is { Excerpt.Length: > 0 and <= ExcerptLength + 1 }).Take(MaxHeld).ToList();
            return new MyFeedback(reports, held);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Empty;
        }
    }
}
