using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nojor.Gateway.Limits;

namespace Nojor.UnitTests.Gateway;

/// <summary>The gateway's order of cache and budgets, on a test server with the same middleware.</summary>
public sealed class CachedAnswersBeforeBudgetsTests
{
    [Fact]
    public async Task A_cached_read_is_answered_after_the_address_read_budget_is_spent()
    {
        var served = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Gateway:RateLimits:Read:PermitLimit"] = "2";
        builder.Services.AddProblemDetails();
        builder.AddGatewayRateLimits();
        builder.Services.AddOutputCache(cache => cache.AddPolicy("report", policy => policy.Expire(TimeSpan.FromMinutes(1))));
        await using var app = builder.Build();
        app.UseCachedAnswersThenBudgets();
        app.MapGet("/api/articles/{slug}", () => $"report {Interlocked.Increment(ref served)}").CacheOutput("report");
        app.MapGet("/api/articles", () => "list");
        await app.StartAsync();
        using var client = app.GetTestClient();

        // Readers behind one address: the first read fills the cache, and the rest are answered from it, however many.
        for (var i = 0; i < 20; i++)
        {
            var read = await client.GetAsync("/api/articles/bridge-reopens");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("report 1", await read.Content.ReadAsStringAsync());
        }

        // What the cache cannot answer still spends the budget: one permit is left of two.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/articles")).StatusCode);
        var refused = await client.GetAsync("/api/articles");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/articles/bridge-reopens")).StatusCode);
    }
}
