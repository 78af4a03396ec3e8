using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;

namespace Nojor.Feedback.Readers;

public sealed record ReaderTokenResponse(Guid ReaderId, string Token, string HeaderName, DateTimeOffset ExpiresAt);

public static class ReaderEndpoints
{
    public const string Path = "/api/feedback/readers";
    public const string RenewPath = Path + "/renew";

    public static IEndpointRouteBuilder MapReaderEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, Issue).WithTags("Readers").WithName("IssueReaderToken")
            .WithSummary("Issue an anonymous reader token")
            .WithDescription($"Returns a new token and also sets it as the {ReaderToken.CookieName} cookie. Send it back in the "
                + $"{ReaderToken.HeaderName} header (or the cookie) to rate, react, comment, vote and edit your own items. "
                + $"It expires after a while (expiresAt); renew it before then with POST {RenewPath}.");
        routes.MapPost(RenewPath, Renew).WithTags("Readers").WithName("RenewReaderToken")
            .WithSummary("Swap a valid reader token for a new one, with a new expiry; the reader and their items stay the same")
            .WithDescription("The old token stops working (within a few minutes on every instance). An expired token cannot be "
                + "renewed: the answer is 401 saying so, and a new token is issued as for a new reader.");
        return routes;
    }

    private static async Task<Created<ReaderTokenResponse>> Issue([AsParameters] ReaderServices services)
    {
        var now = services.Clock.GetUtcNow();
        var token = ReaderToken.Create();
        var reader = new Reader
        {
            Id = Guid.CreateVersion7(now),
            TokenHash = ReaderToken.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + services.Options.Value.TokenLifetime,
        };
        services.Db.Readers.Add(reader);
        await services.Db.SaveChangesAsync(services.CancellationToken);
        SetCookie(services.Http, token, services.Options.Value);
        return TypedResults.Created((string?)null, new ReaderTokenResponse(reader.Id, token, ReaderToken.HeaderName, reader.ExpiresAt));
    }

    private static async Task<Results<Ok<ReaderTokenResponse>, ProblemHttpResult>> Renew(
        ReaderIdentity? identity, [AsParameters] ReaderServices services)
    {
        if (identity is null)
        {
            return ReaderProblems.TokenRequired();
        }
        var reader = await services.Db.Readers.FindAsync([identity.Id], services.CancellationToken);
        if (reader is null || !reader.TokenHash.AsSpan().SequenceEqual(ReaderToken.Hash(identity.Token)))
        {
            // Renewed a moment ago by another request (this instance still remembered the old token).
            return ReaderProblems.TokenRequired();
        }
        var token = ReaderToken.Create();
        reader.TokenHash = ReaderToken.Hash(token);
        reader.ExpiresAt = services.Clock.GetUtcNow() + services.Options.Value.TokenLifetime;
        await services.Db.SaveChangesAsync(services.CancellationToken);
        services.Directory.Forget(identity.Token);
        SetCookie(services.Http, token, services.Options.Value);
        return TypedResults.Ok(new ReaderTokenResponse(reader.Id, token, ReaderToken.HeaderName, reader.ExpiresAt));
    }

    /// <summary>
    /// The token as an HttpOnly cookie, <c>Secure</c> whenever readers reach us over https: the request's own scheme,
    /// which behind the gateway is the scheme it forwarded (trusted from known proxies only), or the configured public
    /// URL, since TLS usually ends before this service.
    /// </summary>
    private static void SetCookie(HttpContext http, string token, ReaderOptions options) =>
        http.Response.Cookies.Append(ReaderToken.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps || options.PublicUrlIsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/api/feedback",
            MaxAge = options.TokenLifetime,
        });
}

/// <summary>The services issuing and renewing a reader token use, bound as one parameter.</summary>
internal sealed record ReaderServices(
    HttpContext Http,
    FeedbackDbContext Db,
    ReaderDirectory Directory,
    TimeProvider Clock,
    IOptions<ReaderOptions> Options,
    CancellationToken CancellationToken);
