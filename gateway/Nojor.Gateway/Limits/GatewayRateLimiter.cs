using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nojor.Gateway.Proxy;

namespace Nojor.Gateway.Limits;

/// <summary>
/// Fixed-window budgets per client and kind of request. What a client is depends on who asks: a signed-in caller (an
/// editor) by its token's subject, so editors behind one office address do not share a budget; a reader writing by
/// their reader token, so readers behind one address (an office, a mobile carrier's NAT) each have their own, under a
/// much larger ceiling for the address; anything else by the client's address, which comes from <c>X-Forwarded-For</c>
/// only when the peer is a configured ingress (<see cref="TrustedProxies"/>). Cached answers are never budgeted: the
/// output cache runs before the limiter (<see cref="UseCachedAnswersThenBudgets"/>).
/// </summary>
/// <remarks>
/// The counters live in each gateway instance, not in Redis: a shared counter costs a Redis round trip on every
/// request, the hot path this gateway is tuned for, while per-instance windows give the same protection with the
/// budget multiplied by the (small, known) number of instances. Size the budgets per instance.
/// </remarks>
public static class GatewayRateLimiter
{
    public const string FeedbackPrefix = "/api/feedback";
    public const string ReaderTokensPath = "/api/feedback/readers";
    public const string ApiPrefix = "/api";

    /// <summary>The newsroom desk in the web app: editors' form posts, signed in by a session cookie the gateway cannot read.</summary>
    public const string DeskPrefix = "/desk";

    /// <summary>The reader token, as the feedback service reads it: this header, or the cookie the service (or the web app) set.</summary>
    public const string ReaderTokenHeader = "X-Reader-Token";
    public const string ReaderTokenCookie = "nojor_reader";

    private static readonly string[] SearchPaths = ["/api/search", "/search"];

    public static IHostApplicationBuilder AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, budgets) =>
        {
            limiter.GlobalLimiter = Create(budgets.Value);
            // The status the refusal is written with (the framework's default is 503).
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
        });
        return builder;
    }

    /// <summary>
    /// Answers from the cache first, and budgets only what reaches the limiter after it: a cached report read costs the
    /// platform next to nothing, and refusing it would turn away the readers of a breaking story who share one address.
    /// </summary>
    public static IApplicationBuilder UseCachedAnswersThenBudgets(this IApplicationBuilder app) =>
        app.UseOutputCache().UseRateLimiter();

    public static PartitionedRateLimiter<HttpContext> Create(RateLimitOptions budgets) =>
        PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, (RequestKind Kind, string Client)>(context =>
            {
                var kind = Classify(context.Request);
                if (kind == RequestKind.ReaderToken && IsSignedIn(context) && !context.Request.Path.StartsWithSegments(ReaderTokensPath))
                {
                    // An editor is not a new reader: their writes under /api/feedback count as they always have, by subject.
                    kind = RequestKind.Feedback;
                }
                var budget = kind switch
                {
                    RequestKind.Read => budgets.Read,
                    RequestKind.Search => budgets.Search,
                    RequestKind.Write => budgets.Write,
                    RequestKind.ReaderToken => budgets.ReaderTokens,
                    _ => budgets.Feedback,
                };
                return FixedWindow((kind, ClientOf(context, kind)), budget);
            }),
            // The address's ceiling on readers' writes, whatever tokens they present (the gateway cannot tell a real one).
            PartitionedRateLimiter.Create<HttpContext, (RequestKind Kind, string Client)>(context =>
                Classify(context.Request) is RequestKind.Feedback or RequestKind.ReaderToken && !IsSignedIn(context)
                    ? FixedWindow((RequestKind.Feedback, AddressOf(context)), budgets.FeedbackPerAddress)
                    : RateLimitPartition.GetNoLimiter((RequestKind.Read, ""))));

    /// <summary>
    /// The budget a request is counted against. A reader's write without a reader token is their first action (the web
    /// app or the client is about to be issued one), so it counts with token issuance.
    /// </summary>
    public static RequestKind Classify(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return SearchPaths.Any(path => request.Path.StartsWithSegments(path)) ? RequestKind.Search : RequestKind.Read;
        }
        if (request.Path.StartsWithSegments(ReaderTokensPath))
        {
            return RequestKind.ReaderToken;
        }
        if (request.Path.StartsWithSegments(DeskPrefix))
        {
            // Editors' work, not a reader's: a newsroom behind one address must not share 30 new-reader writes a minute.
            return RequestKind.Write;
        }
        var readerWrite = request.Path.StartsWithSegments(FeedbackPrefix) || !request.Path.StartsWithSegments(ApiPrefix);
        if (!readerWrite)
        {
            return RequestKind.Write;
        }
        return ReaderTokenOf(request) is null ? RequestKind.ReaderToken : RequestKind.Feedback;
    }

    private static string ClientOf(HttpContext context, RequestKind kind)
    {
        if (IsSignedIn(context))
        {
            return "sub:" + context.User.Identity!.Name;
        }
        return kind == RequestKind.Feedback && ReaderTokenOf(context.Request) is { } token ? "rdr:" + token : AddressOf(context);
    }

    private static bool IsSignedIn(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.Identity.Name is { Length: > 0 };

    private static string AddressOf(HttpContext context) => "ip:" + context.Connection.RemoteIpAddress;

    /// <summary>The reader token a request carries, if it is shaped like one (the feedback service checks it is real).</summary>
    private static string? ReaderTokenOf(HttpRequest request)
    {
        var token = request.Headers[ReaderTokenHeader].FirstOrDefault() ?? request.Cookies[ReaderTokenCookie];
        return token is { Length: > 4 and <= 100 } && token.StartsWith("rdr_", StringComparison.Ordinal) ? token : null;
    }

    private static RateLimitPartition<(RequestKind, string)> FixedWindow((RequestKind, string) key, RateLimitOptions.Budget budget) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = budget.PermitLimit,
            Window = budget.Window,
            QueueLimit = 0,
        });

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await GatewayRefusals.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests",
            $"The {Describe(Classify(context.Request))} budget for this client is spent; retry in {seconds} s.");
    }

    private static string Describe(RequestKind kind) => kind switch
    {
        RequestKind.ReaderToken => "new-reader",
        RequestKind.Feedback => "reader-write",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

public enum RequestKind
{
    /// <summary>A read the cache did not answer.</summary>
    Read,

    /// <summary>A full-text search.</summary>
    Search,

    /// <summary>Any other write: subscriptions, editors' work (the API's and the desk's forms).</summary>
    Write,

    /// <summary>A reader's write with their reader token (feedback API, form posts to the web app).</summary>
    Feedback,

    /// <summary>A reader token being issued, or a reader's first write (which comes without one).</summary>
    ReaderToken,
}
