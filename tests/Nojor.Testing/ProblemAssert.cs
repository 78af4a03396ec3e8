using System.Text.Json;

namespace Nojor.Testing;

/// <summary>The one way the tests check an error answer: every service and the gateway answer errors as RFC 9457 problem details.</summary>
public static class ProblemAssert
{
    /// <summary>The response is problem details with the expected status (in the status line and the body) and a traceId; returns the body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()), "every problem carries a traceId");
        return problem;
    }
}
