using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nojor.Authentication;
using Nojor.Feedback.Readers;

namespace Nojor.Feedback.RateLimiting;

/// <summary>
/// Every reader write passes two fixed-window limiters, one keyed by reader token and one by client address,
/// so neither a single reader nor one address minting new tokens can flood the service. Refusals are 429
/// ProblemDetails with Retry-After.
/// </summary>
public static class FeedbackRateLimiting
{
    private const string ForwardedForHeader = "X-Forwarded-For";

    public static IHostApplicationBuilder AddFeedbackRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var settings = limits.Value;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLimited(http) && ReaderToken.From(http.Request) is { } token
                    ? FixedWindow("reader:" + token, settings.PerReaderPermits, settings.Window)
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLimited(http)
                    ? FixedWindow("ip:" + ClientAddress(http), settings.PerIpPermits, settings.Window)
                    : RateLimitPartition.GetNoLimiter("")));
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>
    /// Behind the gateway the peer is the gateway; YARP sets X-Forwarded-For to the client it saw, and the last
    /// entry is the one our own proxy added. The service is reachable only through the gateway.
    /// </summary>
    public static string ClientAddress(HttpContext http)
    {
        var forwarded = http.Request.Headers[ForwardedForHeader].ToString();
        if (forwarded.Length > 0)
        {
            var last = forwarded[(forwarded.LastIndexOf(',') + 1)..].Trim();
            if (IPAddress.TryParse(last, out var address))
            {
                return address.ToString();
            }
        }
        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static bool IsLimited(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
        && !http.User.IsInRole(EditorAuthentication.EditorRole);

    private static RateLimitPartition<string> FixedWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var window = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Window;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too Many Requests",
                Detail = "Too many submissions from this reader or address; try again after the Retry-After delay.",
            },
        });
    }
}
