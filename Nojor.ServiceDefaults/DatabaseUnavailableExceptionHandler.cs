using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Answers a request that failed because the service's database could not be reached (refused, dropped or reset
/// connections, a server starting up or shutting down) with 503 problem details and a <c>Retry-After</c>, not a 500:
/// nothing is wrong with the request or the service, and the same request succeeds once the database is back.
/// </summary>
/// <remarks>
/// Decided by the provider's own <see cref="DbException.IsTransient"/>, anywhere in the chain (EF wraps the
/// provider's exception), so this assembly needs no reference to a provider. A failure the provider does not call
/// transient (a constraint, a syntax error) stays a 500: it is a bug, and a retry would not help.
/// </remarks>
internal sealed partial class DatabaseUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>What a crashed PostgreSQL takes to restart and recover on this platform: a client asking sooner is refused again.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (TransientDatabaseFailure(exception) is not { } failure || httpContext.Response.HasStarted)
        {
            return false;
        }
        LogDatabaseUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, failure.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers[HeaderNames.RetryAfter] = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service Unavailable",
                // Says what to do, not what broke inside: the database's own message stays in the log.
                Detail = "The service cannot reach its database just now; send the request again shortly.",
            },
        });
    }

    /// <summary>The first transient database failure in the exception's chain, if any.</summary>
    public static DbException? TransientDatabaseFailure(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true } failure)
            {
                return failure;
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database is unavailable ({Reason})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, PathString path, string reason);
}
