using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nojor.Requests;

/// <summary>
/// Refuses a request whose query string holds a NUL character (<c>%00</c>) in a parameter's name or value, with a 400
/// problem naming the parameter. PostgreSQL text cannot hold a NUL, so such a value that reached a query failed in the
/// database as a 500 (the OpenAPI fuzzer found one in the report list's filters); checking every parameter once, before
/// routing, covers every endpoint of every service, including parameters added later, instead of each endpoint
/// remembering to.
/// </summary>
public static class NulQueryParameters
{
    public const string Message = "A query parameter may not contain a NUL character.";

    /// <summary>
    /// Whether a raw (still percent-encoded) query string may decode to a NUL: cheap enough for every request, so only
    /// these are parsed here, and so a path that answers beneath hosting can leave them to this check.
    /// </summary>
    public static bool MayHoldNul(string? rawQuery) =>
        rawQuery is not null && (rawQuery.Contains("%00", StringComparison.Ordinal) || rawQuery.Contains('\0', StringComparison.Ordinal));

    /// <summary>The first parameter whose name or a value holds a NUL, as a client wrote it (each NUL as <c>%00</c>), or null.</summary>
    public static string? FirstWithNul(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (name.Contains('\0', StringComparison.Ordinal))
            {
                // Named as sent: a NUL in the problem's text would be one more thing for a client to choke on.
                return name.Replace("\0", "%00", StringComparison.Ordinal);
            }
            foreach (var value in values)
            {
                if (value is not null && value.Contains('\0', StringComparison.Ordinal))
                {
                    return name;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Adds the check to the pipeline. The refusal is a validation problem (as an endpoint's own field errors are, so a
    /// client reads it the same way), written through <see cref="IProblemDetailsService"/> like the other refusals the
    /// pipeline makes.
    /// </summary>
    public static IApplicationBuilder RefuseNulQueryParameters(this IApplicationBuilder app)
    {
        var problems = app.ApplicationServices.GetRequiredService<IProblemDetailsService>();
        return app.Use((context, next) =>
            MayHoldNul(context.Request.QueryString.Value) && FirstWithNul(context.Request.Query) is { } name
                ? RefuseAsync(problems, context, name)
                : next(context));
    }

    private static async Task RefuseAsync(IProblemDetailsService problems, HttpContext context, string name)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [name] = [Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = $"The query parameter '{name}' contains a NUL character, which no parameter may hold.",
            },
        });
    }
}
