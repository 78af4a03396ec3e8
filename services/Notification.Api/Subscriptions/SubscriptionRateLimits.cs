using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Nojor.Notifications.Subscriptions;

/// <summary>Per-subscription limit on management calls, so one subscriber cannot flood its endpoint with pings or replays.</summary>
public static class SubscriptionRateLimits
{
    public const string PerSubscription = "per-subscription";

    public static IServiceCollection AddSubscriptionRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerSubscription, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<SubscriptionOptions>>().Value.ManagementCallsPerMinute;
                var id = context.Request.RouteValues["id"]?.ToString() ?? "";
                return RateLimitPartition.GetFixedWindowLimiter(id, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too Many Requests",
                        Detail = "Too many calls for this subscription; try again shortly." },
                });
            };
        });
}
