namespace Nojor.Web.Api;

/// <summary>An RFC 9457 problem a service answered with, reduced to what a page shows the reader.</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>The sentence to show the reader: the service's detail, else its title.</summary>
    public string Message => Detail ?? Title ?? "Something went wrong.";

    /// <summary>The first error the service gave for a field, matched case-insensitively (services name fields in camelCase).</summary>
    public string? ErrorFor(string field) =>
        Errors?.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}

/// <summary>What a call to a service gave: a value, or the problem it refused with.</summary>
public readonly record struct ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static implicit operator ApiResult<T>(ApiProblem problem) => new(default, problem);
}

/// <summary>
/// A service could not answer (down, 5xx, timed out). Pages let it reach the exception handler, which renders the
/// "temporarily unavailable" page with 503: a reader sees a page, never a stack trace.
/// </summary>
public sealed class ServiceUnavailableException(string service, string message, Exception? inner = null)
    : Exception($"{service}: {message}", inner)
{
    public string Service { get; } = service;
}
