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
        Write = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) },
        Feedback = new() { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) },
    };

    [Theory]
    [InlineData("GET", "/api/articles", RequestKind.Read)]
    [InlineData("HEAD", "/api/feedback/1", RequestKind.Read)]
    [InlineData("POST", "/api/articles", RequestKind.Write)]
    [InlineData("DELETE", "/api/subscriptions/1", RequestKind.Write)]
    [InlineData("POST", "/api/feedback", RequestKind.Feedback)]
    [InlineData("POST", "/api/feedback/articles/x/ratings", RequestKind.Feedback)]
    [InlineData("POST", "/api/feedbackish", RequestKind.Write)]
    public void Requests_are_counted_against_the_budget_of_their_kind(string method, string path, RequestKind expected)
    {
        var context = Request(method, path, "10.0.0.1");
        Assert.Equal(expected, GatewayRateLimiter.Classify(context.Request));
    }

    [Fact]
    public void Each_kind_has_its_own_budget_per_client_address()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        Assert.Equal([true, true, true, false], Acquire(limiter, "GET", "/api/articles", "10.0.0.1", 4));
        // Spent reads leave writes and feedback untouched, and another address has its own budget.
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.1", 3));
        Assert.Equal([true, false], Acquire(limiter, "POST", "/api/feedback", "10.0.0.1", 2));
        Assert.Equal([true, true, true, false], Acquire(limiter, "GET", "/api/articles", "10.0.0.2", 4));
    }

    [Fact]
    public void A_signed_in_client_is_counted_by_its_token_not_its_address()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.9", 3, subject: "editor-a"));
        // Same office address, another editor: a fresh budget; the anonymous address budget is untouched too.
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.9", 3, subject: "editor-b"));
        Assert.Equal([true, true, false], Acquire(limiter, "POST", "/api/articles", "10.0.0.9", 3));
    }

    [Fact]
    public void A_refusal_says_when_to_retry()
    {
        using var limiter = GatewayRateLimiter.Create(Budgets);
        var context = Request("POST", "/api/feedback", "10.0.0.3");
        using var first = limiter.AttemptAcquire(context);
        using var refused = limiter.AttemptAcquire(context);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    private static bool[] Acquire(PartitionedRateLimiter<HttpContext> limiter, string method, string path, string ip, int times, string? subject = null)
    {
        var results = new bool[times];
        for (var i = 0; i < times; i++)
        {
            using var lease = limiter.AttemptAcquire(Request(method, path, ip, subject));
            results[i] = lease.IsAcquired;
        }
        return results;
    }

    private static DefaultHttpContext Request(string method, string path, string ip, string? subject = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        if (subject is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", subject)], "Bearer", "sub", "role"));
        }
        return context;
    }
}
