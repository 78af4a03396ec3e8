using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Problem details for API paths whatever the client's <c>Accept</c> says. The framework's writer declines a request
/// that accepts only, say, <c>text/html</c> or <c>application/xml</c>, and then every refusal became a 500 (where a
/// problem is written with <c>WriteAsync</c>, which throws without a writer) or a bare or plain-text answer. RFC 9457 is
/// the API's only error format, so an API answer uses it rather than fail. Registered after the framework's writer, it
/// only answers what that one declines; the reader web app's pages (not under <c>/api</c>) keep their own error pages.
/// </summary>
internal sealed class ApiProblemDetailsWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions)
    : IProblemDetailsWriter
{
    public const string ApiPrefix = "/api";

    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), jsonOptions.Value.SerializerOptions,
            contentType: "application/problem+json"));
    }
}
