using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nojor.Gateway.Proxy;

namespace Nojor.Gateway.Limits;

/// <summary>
/// Fixed-window budgets per client and kind of request. A signed-in caller is counted by its token's subject, so
/// editors behind one office address do not share a budget; everyone else by IP address.
/// </summary>
/// <remarks>
/// The counters live in each gateway instance, not in Redis: a shared counter costs a Redis round trip on every
/// request, the hot path this gateway is tuned for, while per-instance windows give the same protection with the
/// budget multiplied by the (small, known) number of instances. Size the budgets per instance.
/// </remarks>
public static class GatewayRateLimiter
{
    public const string FeedbackPrefix = "/api/feedback";

    public static IHostApplicationBuilder AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, budgets) =>
        {
            limiter.GlobalLimiter = Create(budgets.Value);
            limiter.OnRejected = WriteRejectionAsync;
        });
        return builder;
    }

    public static PartitionedRateLimiter<HttpContext> Create(RateLimitOptions budgets) =>
        PartitionedRateLimiter.Create<HttpContext, (RequestKind Kind, string Client)>(context =>
        {
            var kind = Classify(context.Request);
            var budget = kind switch
            {
                RequestKind.Read => budgets.Read,
                RequestKind.Write => budgets.Write,
                _ => budgets.Feedback,
            };
            return RateLimitPartition.GetFixedWindowLimiter((kind, ClientOf(context)), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = budget.PermitLimit,
                Window = budget.Window,
                QueueLimit = 0,
            });
        });

    public static RequestKind Classify(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return RequestKind.Read;
        }
        return request.Path.StartsWithSegments(FeedbackPrefix) ? RequestKind.Feedback : RequestKind.Write;
    }

    private static string ClientOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.Identity.Name is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + context.Connection.RemoteIpAddress;

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await GatewayRefusals.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests",
            $"The {Classify(context.Request).ToString().ToLowerInvariant()} budget for this client is spent; retry in {seconds} s.");
    }
}

public enum RequestKind
{
    Read,
    Write,
    Feedback,
}
