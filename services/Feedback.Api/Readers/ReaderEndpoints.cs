using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Nojor.Feedback.Data;

namespace Nojor.Feedback.Readers;

public sealed record ReaderTokenResponse(Guid ReaderId, string Token, string HeaderName);

public static class ReaderEndpoints
{
    public const string Path = "/api/feedback/readers";

    public static IEndpointRouteBuilder MapReaderEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, Issue).WithTags("Readers").WithName("IssueReaderToken")
            .WithSummary("Issue an anonymous reader token")
            .WithDescription($"Returns a new token and also sets it as the {ReaderToken.CookieName} cookie. Send it back in the "
                + $"{ReaderToken.HeaderName} header (or the cookie) to rate, react, comment, vote and edit your own items.");
        return routes;
    }

    private static async Task<Created<ReaderTokenResponse>> Issue(HttpContext http, FeedbackDbContext db, TimeProvider clock,
        IOptions<ReaderOptions> options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = ReaderToken.Create();
        var reader = new Reader { Id = Guid.CreateVersion7(now), TokenHash = ReaderToken.Hash(token), CreatedAt = now };
        db.Readers.Add(reader);
        await db.SaveChangesAsync(cancellationToken);

        http.Response.Cookies.Append(ReaderToken.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/api/feedback",
            MaxAge = options.Value.CookieLifetime,
        });
        return TypedResults.Created((string?)null, new ReaderTokenResponse(reader.Id, token, ReaderToken.HeaderName));
    }
}
