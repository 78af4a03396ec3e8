using System.Globalization;
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
    /// The client's address: the connection's, which the forwarded-headers middleware has already replaced with the
    /// reader's address when the peer is a known proxy (the gateway, or the web app passing its reader's address on).
    /// A caller reaching the service directly cannot name another address in X-Forwarded-For: it is counted as itself.
    /// </summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

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
