using System.Text.Json;

namespace Nojor.IntegrationTests.Gateway;

internal static class ProblemAssert
{
    /// <summary>The response is RFC 9457 problem details with the expected status and a traceId.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()), "every problem carries a traceId");
        return problem;
    }
}
