using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Nojor.Limits;
using Yarp.ReverseProxy.Model;

namespace Nojor.Gateway.Proxy;

/// <summary>
/// Per-route request body limits, from the route's <c>MaxRequestBodyBytes</c> metadata (bytes, or a limit shared with a
/// service by name; the gateway default without it):
/// a declared length over the limit is refused with 413 before anything is forwarded, and a chunked body is cut
/// off at the limit by Kestrel.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(IOptions<UpstreamOptions> options)
{
    public const string MetadataKey = "MaxRequestBodyBytes";

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next();
            return;
        }
        var limit = LimitFor(context.GetReverseProxyFeature().Route);
        if (context.Request.ContentLength > limit)
        {
            await GatewayRefusals.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
                $"This route accepts request bodies of at most {limit} bytes.");
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }
        await next();
    }

    private long LimitFor(RouteModel route) =>
        route.Config.Metadata?.TryGetValue(MetadataKey, out var value) == true && TryParse(value, out var limit)
            ? limit
            : options.Value.DefaultMaxRequestBodyBytes;

    /// <summary>
    /// A number of bytes, or the name of a limit a service shares with the gateway (<see cref="RequestLimits.Named"/>), so
    /// the route follows the service's own limit instead of a copy of it.
    /// </summary>
    public static bool TryParse(string? value, out long limit) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit)
        || (value is not null && RequestLimits.Named.TryGetValue(value, out limit));
}
