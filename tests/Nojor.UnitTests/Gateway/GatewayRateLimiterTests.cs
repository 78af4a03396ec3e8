using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Nojor.Gateway.Limits;

namespace Nojor.UnitTests.Gateway;

public sealed class GatewayRateLimiterTests
{
    private static readonly RateLimitOptions Budgets = new()
    {
        Read = new() { PermitLimit = 3, Window = TimeSpan.FromMinutes(1) },
        Search = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) },
        Write = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) },
        Feedback = new() { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) },
        FeedbackPerAddress = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) },
        ReaderTokens = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) },
    };

    [Theory]
    [InlineData("GET", "/api/articles", null, RequestKind.Read)]
    [InlineData("HEAD", "/api/feedback/1", null, RequestKind.Read)]
    [InlineData("GET", "/api/search", null, RequestKind.Search)]
    [InlineData("GET", "/search", null, RequestKind.Search)]
    [InlineData("GET", "/searching", null, RequestKind.Read)]
    [InlineData("POST", "/api/articles", null, RequestKind.Write)]
    [InlineData("DELETE", "/api/subscriptions/1", null, RequestKind.Write)]
    [InlineData("POST", "/api/feedback", "rdr_abc", RequestKind.Feedback)]
    [InlineData("POST", "/api/feedback/articles/x/ratings", "rdr_abc", RequestKind.Feedback)]
    [InlineData("POST", "/articles/x/comments", "rdr_abc", RequestKind.Feedback)]
    [InlineData("POST", "/feedback", "rdr_abc", RequestKind.Feedback)] // the web app's feedback form
    [InlineData("POST", "/beta", "rdr_abc", RequestKind.Feedback)] // a vote on the web app's beta board
    [InlineData("POST", "/api/feedback", null, RequestKind.ReaderToken)]
    [InlineData("POST", "/articles/x/comments", null, RequestKind.ReaderToken)]
    [InlineData("POST", "/feedback", null, RequestKind.ReaderToken)]
    [InlineData("POST", "/api/feedback/readers", null, RequestKind.ReaderToken)]
    [InlineData("POST", "/api/feedbackish", "rdr_abc", RequestKind.Write)]
    [InlineData("POST", "/desk/reports/new", null, RequestKind.Write)] // an editor at the newsroom desk
    [InlineData("POST", "/desk/signin", "rdr_abc", RequestKind.Write)]
    public void Requests_are_counted_against_the_budget_of_their_kind(string method, string path, string? readerToken, RequestKind expected)
    {
        var context = Request(method, path, "10.0.0.1", readerToken: readerToken);
        Assert.Equal(expected, GatewayRateLimiter.Classify(context.Request));
    }

    [Fact]
    public void Each_kind_has_its_own_budget_per_client_address()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        Assert.Equal([true, true, true, false], Acquire(limiter, "GET", "/api/articles", "10.0.0.1", 4));
        // Spent reads leave searches, writes and reader writes untouched, and another address has its own budget.
        Assert.Equal([true, true, false], Acquire(limiter, "GET", "/api/search", "10.0.0.1", 3));
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.1", 3));
        Assert.Equal([true, false], Acquire(limiter, "POST", "/api/feedback", "10.0.0.1", 2, readerToken: "rdr_one"));
        Assert.Equal([true, true, true, false], Acquire(limiter, "GET", "/api/articles", "10.0.0.2", 4));
    }

    [Fact]
    public void Readers_behind_one_address_each_have_their_own_write_budget()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        // A mobile carrier's NAT: one address, many readers, each with their own token.
        Assert.Equal([true, false], Acquire(limiter, "POST", "/api/feedback/articles/x/rating", "10.9.0.1", 2, readerToken: "rdr_first"));
        Assert.Equal([true, false], Acquire(limiter, "POST", "/api/feedback/articles/x/rating", "10.9.0.1", 2, readerToken: "rdr_second"));
        Assert.Equal([true], Acquire(limiter, "POST", "/articles/x/comments", "10.9.0.1", 1, readerToken: "rdr_third"));
    }

    [Fact]
    public void Made_up_reader_tokens_do_not_lift_the_address_ceiling()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        var results = Enumerable.Range(0, 7)
            .Select(i => Acquire(limiter, "POST", "/api/feedback", "10.9.0.2", 1, readerToken: $"rdr_forged{i}")[0]).ToArray();
        Assert.Equal([true, true, true, true, true, false, false], results);
    }

    [Fact]
    public void Issuing_reader_tokens_is_limited_per_address_and_spends_no_reader_budget()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/feedback/readers", "10.9.0.3", 3));
        // A first action without a token counts as a new reader too; readers with tokens write on.
        Assert.Equal([false], Acquire(limiter, "POST", "/articles/x/comments", "10.9.0.3", 1));
        Assert.Equal([true], Acquire(limiter, "POST", "/api/feedback", "10.9.0.3", 1, readerToken: "rdr_known"));
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/feedback/readers", "10.9.0.4", 3));
    }

    [Fact]
    public void A_signed_in_client_is_counted_by_its_token_not_its_address()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        Assert.Equal([true, false], Acquire(limiter, "POST", "/api/feedback/moderation/comments/1/approve", "10.0.0.9", 2, subject: "editor-a",
            readerToken: "rdr_unused"));
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.9", 3, subject: "editor-a"));
        // Same office address, another editor: a fresh budget; the anonymous address budget is untouched too.
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.9", 3, subject: "editor-b"));
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.9", 3));
    }

    [Fact]
    public void A_refusal_says_when_to_retry()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        var context = Request("POST", "/api/feedback", "10.0.0.3", readerToken: "rdr_impatient");
        using var first = limiter.AttemptAcquire(context);
        using var refused = limiter.AttemptAcquire(context);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    private static bool[] Acquire(PartitionedRateLimiter<HttpContext> limiter, string method, string path, string ip, int times, string? subject = null,
        string? readerToken = null)
    {
        var results = new bool[times];
        for (var i = 0; i < times; i++)
        {
            using var lease = limiter.AttemptAcquire(Request(method, path, ip, subject, readerToken));
            results[i] = lease.IsAcquired;
        }
        return results;
    }

    private static DefaultHttpContext Request(string method, string path, string ip, string? subject = null, string? readerToken = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        if (readerToken is not null)
        {
            context.Request.Headers[GatewayRateLimiter.ReaderTokenHeader] = readerToken;
        }
        if (subject is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", subject)], "Bearer", "sub", "role"));
        }
        return context;
    }
}
