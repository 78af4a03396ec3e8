using Microsoft.AspNetCore.Http.HttpResults;

namespace Nojor.Hosting;

/// <summary>
/// Linked into each service: the RFC 9457 answers its endpoints give, worded once, so a status always comes with the
/// same title (and the framework's <c>type</c> for it) whichever service answers. A refusal names what to do in its
/// detail; field errors of a request are one 400 validation problem listing each field.
/// </summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad Request", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not Found", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult PreconditionFailed(string detail) =>
        Problem(StatusCodes.Status412PreconditionFailed, "Precondition Failed", detail);

    public static ProblemHttpResult PayloadTooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", detail);

    public static ProblemHttpResult Unprocessable(string detail) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable Content", detail);

    public static ProblemHttpResult PreconditionRequired(string detail) =>
        Problem(StatusCodes.Status428PreconditionRequired, "Precondition Required", detail);

    public static ProblemHttpResult TooManyRequests(string detail) => Problem(StatusCodes.Status429TooManyRequests, "Too Many Requests", detail);

    /// <summary>The service cannot take the request now; the client may simply try again.</summary>
    public static ProblemHttpResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", detail);

    /// <summary>A request with field errors: 400 with <c>errors</c> mapping each field to what is wrong with it.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    /// <summary>A request with one field in error.</summary>
    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
