using Microsoft.AspNetCore.Http.HttpResults;

namespace Nojor.Feedback.Http;

/// <summary>The RFC 9457 answers the feedback endpoints give, worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not Found", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult Unprocessable(string detail) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable Content", detail);

    /// <summary>The service cannot take the write now (shutting down); the client may simply try again.</summary>
    public static ProblemHttpResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", detail);

    public static ProblemHttpResult ReaderRequired() => Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
        $"Send the reader token from POST {Readers.ReaderEndpoints.Path} in the {Readers.ReaderToken.HeaderName} header or cookie.");

    public static ProblemHttpResult ReaderTokenExpired() => Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
        $"The reader token has expired. Ask for a new one with POST {Readers.ReaderEndpoints.Path}; renew a token before it "
        + $"expires with POST {Readers.ReaderEndpoints.RenewPath}.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
