using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Nojor.Requests;

namespace Nojor.UnitTests.Hosting;

public sealed class NulQueryParametersTests
{
    [Theory]
    [InlineData("?section=a%00b", "section")]
    [InlineData("?q=%00", "q")]
    [InlineData("?tag=news&tag=a%00b", "tag")]
    [InlineData("?limit=5&a%00b=1", "a%00b")]
    [InlineData("?x%00=", "x%00")]
    public void The_parameter_holding_a_nul_is_named_as_the_client_wrote_it(string queryString, string expected) =>
        Assert.Equal(expected, NulQueryParameters.FirstWithNul(new QueryCollection(QueryHelpers.ParseQuery(queryString))));

    [Theory]
    [InlineData("")]
    [InlineData("?section=world&tag=a%2500b")]
    [InlineData("?q=%C0%80")]
    public void A_query_without_a_nul_names_no_parameter(string queryString)
    {
        Assert.Null(NulQueryParameters.FirstWithNul(new QueryCollection(QueryHelpers.ParseQuery(queryString))));
        Assert.False(NulQueryParameters.MayHoldNul(queryString));
    }

    [Fact]
    public async Task A_nul_in_the_query_is_refused_with_a_problem_naming_the_parameter_before_the_endpoint_runs()
    {
        var reached = 0;
        await using var app = await StartAsync(() => Interlocked.Increment(ref reached));
        using var client = app.GetTestClient();

        var refused = await client.GetAsync("/api/articles?limit=5&section=a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("'section'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(NulQueryParameters.Message, problem.GetProperty("errors").GetProperty("section")[0].GetString());
        Assert.Equal(0, reached);
    }

    [Fact]
    public async Task A_query_without_a_nul_reaches_the_endpoint()
    {
        var reached = 0;
        await using var app = await StartAsync(() => Interlocked.Increment(ref reached));
        using var client = app.GetTestClient();

        var answered = await client.GetAsync("/api/articles?section=world&tag=a%2500b");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1, reached);
    }

    private static async Task<WebApplication> StartAsync(Action reach)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.RefuseNulQueryParameters();
        app.MapGet("/api/articles", () =>
        {
            reach();
            return "list";
        });
        await app.StartAsync();
        return app;
    }
}
