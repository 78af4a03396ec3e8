using Yarp.ReverseProxy.Forwarder;

namespace Nojor.Gateway.Proxy;

/// <summary>
/// YARP ends a failed forward with a bare status code. The client gets problem details (or, asking for a page, a page) instead: 503 when the
/// service cannot be reached, 502 when it was reached but ended the exchange without an answer, 504 when it does not answer
/// in time, 413 when the body outgrew the route's limit.
/// </summary>
internal static class UpstreamProblemMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || context.Response.HasStarted)
        {
            return;
        }
        var (status, title, detail) = failure.Error switch
        {
            _ when IsBodyTooLarge(failure.Exception) =>
                (StatusCodes.Status413PayloadTooLarge, "Payload Too Large", "The request body is larger than this route accepts."),
            // Connected, then the service closed the connection without an answer: it is up, this request failed there.
            ForwarderError.Request when IsResponseEnded(failure.Exception) =>
                (StatusCodes.Status502BadGateway, "Bad Gateway", "The service behind this route ended the exchange without an answer."),
            ForwarderError.RequestTimedOut =>
                (StatusCodes.Status504GatewayTimeout, "Gateway Timeout", "The service behind this route did not answer in time."),
            ForwarderError.NoAvailableDestinations or ForwarderError.Request =>
                (StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The service behind this route is unavailable right now; try again shortly."),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => (StatusCodes.Status499ClientClosedRequest, "", ""),
            ForwarderError.RequestBodyClient =>
                (StatusCodes.Status400BadRequest, "Bad Request", "The request body could not be read."),
            _ => (StatusCodes.Status502BadGateway, "Bad Gateway", "The service behind this route gave an answer that could not be relayed."),
        };
        if (status == StatusCodes.Status499ClientClosedRequest)
        {
            return; // nobody is listening any more
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        await GatewayRefusals.WriteAsync(context, status, title, detail);
    }

    private static bool IsResponseEnded(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }
                or HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
            {
                return true;
            }
        }
        return false;
    }

    // Kestrel's limit trips while YARP streams the body, so the cause sits somewhere inside YARP's exception.
    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }
        return false;
    }
}
