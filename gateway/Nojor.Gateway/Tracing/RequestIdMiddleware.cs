using System.Diagnostics;

namespace Nojor.Gateway.Tracing;

/// <summary>
/// Every request carries an <c>X-Request-Id</c>: the client's own when it sent a sensible one, otherwise the W3C trace
/// id. It is forwarded to the service and echoed on the response so a client can quote it in a bug report.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxLength = 128;

    public Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[HeaderName].ToString();
        if (!IsAcceptable(requestId))
        {
            requestId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
            context.Request.Headers[HeaderName] = requestId;
        }
        // Set as the answer starts, not now: an answer from the output cache brings the headers it was stored with,
        // the X-Request-Id of the request that filled it among them, and would otherwise give that id to every reader.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.Request.Headers[HeaderName];
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    // Printable ASCII only: the value is echoed into a response header and written to logs.
    internal static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => c is > ' ' and < '\u007f');
}
