using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nojor.Hosting;
using Nojor.Notifications.Data;
using Nojor.Notifications.Webhooks;

namespace Nojor.Notifications.Subscriptions;

public static class SubscriptionEndpoints
{
    public const string BasePath = "/api/subscriptions";

    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Subscriptions");
        group.MapPost("/", Create).WithName("CreateSubscription")
            .WithSummary("Register a webhook with its filters and quiet hours")
            .WithDescription("""
                Returns the signing secret (whsec_…) and the management token once; keep both. The endpoint is then sent a
                signed webhook.verification message and receives no alerts until it answers with the message's data.challenge
                as its response body (plain, or as {"challenge": "…"}). Subscriptions per target host are capped.
                """);

        var managed = group.MapGroup("/{id:guid}").RequireRateLimiting(SubscriptionRateLimits.PerSubscription);
        managed.MapGet("/", Get).WithName("GetSubscription").WithSummary("Read a subscription (management token in X-Subscription-Token)");
        managed.MapPut("/", Update).WithName("UpdateSubscription").WithSummary("Replace the URL, filters and quiet hours");
        managed.MapPost("/pause", Pause).WithName("PauseSubscription").WithSummary("Stop delivering; queued deliveries are held, alerts raised meanwhile are not queued");
        managed.MapPost("/resume", Resume).WithName("ResumeSubscription")
            .WithSummary("Deliver again, also after the service disabled the endpoint; deliveries held while paused go out at once");
        managed.MapPost("/secret/rotate", RotateSecret).WithName("RotateSubscriptionSecret")
            .WithSummary("Issue a new signing secret; the old one keeps signing alongside it for the grace period");
        managed.MapPost("/verify", ResendVerification).WithName("ResendSubscriptionVerification")
            .WithSummary("Send the endpoint a new verification request (a new challenge to echo); once a minute at most");
        managed.MapPost("/test", SendTest).WithName("TestSubscription").WithSummary("Queue a signed webhook.ping to the endpoint");
        managed.MapDelete("/", Delete).WithName("DeleteSubscription").WithSummary("Delete the subscription and its delivery log");
        return routes;
    }

    private static async Task<Results<Created<CreatedSubscriptionResponse>, ValidationProblem>> Create(
        SubscriptionRequest request, [AsParameters] SubscriptionServices services)
    {
        if (await services.Validator.ValidateAsync(request, services.CancellationToken) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var token = SubscriptionTokens.NewManagementToken();
        var secret = SubscriptionTokens.NewSigningSecret();
        var now = services.Clock.GetUtcNow();
        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(now),
            Url = request.Url!,
            TargetHost = Subscription.TargetHostOf(new Uri(request.Url!)),
            Secret = services.Secrets.Protect(secret),
            ManagementTokenHash = SubscriptionTokens.Hash(token),
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(subscription, request);
        await using (var transaction = await TargetHostCap.LockAsync(services.Db, subscription.TargetHost, services.CancellationToken))
        {
            if (await TargetHostCap.FindProblemAsync(services.Db, subscription.TargetHost, null, services.Options.Value.MaxPerTargetHost,
                    services.CancellationToken) is { } full)
            {
                return UrlProblem(full);
            }
            services.Db.Subscriptions.Add(subscription);
            services.Db.Deliveries.Add(EndpointVerification.Begin(subscription, now));
            await services.Db.SaveChangesAsync(services.CancellationToken);
            await CommitAsync(transaction, services.CancellationToken);
        }
        services.Signal.Notify();
        return TypedResults.Created($"{BasePath}/{subscription.Id}", new CreatedSubscriptionResponse(subscription.Id, subscription.Url,
            secret, token, FilterDto.From(subscription.Filter), QuietHoursDto.From(subscription.QuietHours), now,
            VerificationDto.From(subscription)));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Get(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        return denied ?? (Results<Ok<SubscriptionResponse>, ProblemHttpResult>)TypedResults.Ok(SubscriptionResponse.From(subscription!));
    }

    /// <summary>
    /// Replaces the settings. A new URL must be verified again before it receives alerts (what is queued waits for it), and
    /// counts against its host's cap.
    /// </summary>
    private static async Task<Results<Ok<SubscriptionResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, SubscriptionRequest request,
        [AsParameters] SubscriptionServices services)
    {
        var (subscription, denied) = await FindAsync(services.Db, id, token, services.CancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        if (await services.Validator.ValidateAsync(request, services.CancellationToken) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var now = services.Clock.GetUtcNow();
        var urlChanged = !string.Equals(subscription!.Url, request.Url, StringComparison.Ordinal);
        var host = Subscription.TargetHostOf(new Uri(request.Url!));
        await using (var transaction = host == subscription.TargetHost
            ? null
            : await TargetHostCap.LockAsync(services.Db, host, services.CancellationToken))
        {
            if (host != subscription.TargetHost
                && await TargetHostCap.FindProblemAsync(services.Db, host, subscription.Id, services.Options.Value.MaxPerTargetHost,
                    services.CancellationToken) is { } full)
            {
                return UrlProblem(full);
            }
            if (urlChanged)
            {
                subscription.Url = request.Url!;
                subscription.TargetHost = host;
                services.Db.Deliveries.Add(EndpointVerification.Begin(subscription, now));
            }
            Apply(subscription, request);
            subscription.UpdatedAt = now;
            await services.Db.SaveChangesAsync(services.CancellationToken);
            await CommitAsync(transaction, services.CancellationToken);
        }
        if (urlChanged)
        {
            services.Signal.Notify();
        }
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    /// <summary>
    /// Sends the verification request again, with a new challenge (an echo of an earlier one no longer counts). Allowed once
    /// per <see cref="SubscriptionOptions.VerificationResendInterval"/>, so it cannot be used to flood an endpoint.
    /// </summary>
    private static async Task<Results<Accepted<QueuedDeliveryResponse>, ProblemHttpResult>> ResendVerification(
        Guid id, [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, HttpContext http,
        [AsParameters] SubscriptionServices services)
    {
        var (subscription, denied) = await FindAsync(services.Db, id, token, services.CancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        if (subscription!.IsVerified)
        {
            return Problems.Conflict("The endpoint is already verified; a new URL is verified when it is set.");
        }
        var now = services.Clock.GetUtcNow();
        if (subscription.VerificationRequestedAt + services.Options.Value.VerificationResendInterval - now is { } wait && wait > TimeSpan.Zero)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.TooManyRequests($"A verification request was sent moments ago; another may be asked for in {seconds} s.");
        }
        var delivery = EndpointVerification.Begin(subscription, now);
        subscription.UpdatedAt = now;
        services.Db.Deliveries.Add(delivery);
        await services.Db.SaveChangesAsync(services.CancellationToken);
        services.Signal.Notify();
        return TypedResults.Accepted($"{BasePath}/{id}/deliveries/{delivery.Id}", new QueuedDeliveryResponse(delivery.Id));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Pause(
        Guid id, [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, [AsParameters] SubscriptionServices services)
    {
        var (subscription, denied) = await FindAsync(services.Db, id, token, services.CancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        subscription!.IsPaused = true;
        subscription.UpdatedAt = services.Clock.GetUtcNow();
        await services.Db.SaveChangesAsync(services.CancellationToken);
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Resume(
        Guid id, [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, [AsParameters] SubscriptionServices services)
    {
        var (subscription, denied) = await FindAsync(services.Db, id, token, services.CancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var now = services.Clock.GetUtcNow();
        subscription!.IsPaused = false;
        subscription.IsActive = true;
        subscription.DisabledReason = null;
        subscription.FailingSince = null;
        subscription.UpdatedAt = now;
        // Held deliveries are already due; the worker skipped them only while the subscription was paused.
        await services.Db.SaveChangesAsync(services.CancellationToken);
        services.Signal.Notify();
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<Results<Ok<RotatedSecretResponse>, ProblemHttpResult>> RotateSecret(
        Guid id, [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, [AsParameters] SubscriptionServices services)
    {
        var (subscription, denied) = await FindAsync(services.Db, id, token, services.CancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var now = services.Clock.GetUtcNow();
        var secret = SubscriptionTokens.NewSigningSecret();
        // Both stay encrypted: the stored form moves over as it is.
        subscription!.PreviousSecret = subscription.Secret;
        subscription.PreviousSecretExpiresAt = now + services.Options.Value.SecretRotationGrace;
        subscription.Secret = services.Secrets.Protect(secret);
        subscription.UpdatedAt = now;
        await services.Db.SaveChangesAsync(services.CancellationToken);
        return TypedResults.Ok(new RotatedSecretResponse(secret, subscription.PreviousSecretExpiresAt.Value));
    }

    private static async Task<Results<Accepted<QueuedDeliveryResponse>, ProblemHttpResult>> SendTest(
        Guid id, [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, [AsParameters] SubscriptionServices services)
    {
        var (subscription, denied) = await FindAsync(services.Db, id, token, services.CancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var now = services.Clock.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Id = WebhookDelivery.NewId(now),
            SubscriptionId = subscription!.Id,
            EventType = Alerts.AlertTypes.Ping,
            Payload = new WebhookPayload<PingData>(Alerts.AlertTypes.Ping, now, new PingData(subscription.Id)).ToJson(),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        services.Db.Deliveries.Add(delivery);
        await services.Db.SaveChangesAsync(services.CancellationToken);
        services.Signal.Notify();
        return TypedResults.Accepted($"{BasePath}/{id}/deliveries/{delivery.Id}", new QueuedDeliveryResponse(delivery.Id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        db.Subscriptions.Remove(subscription!);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ValidationProblem UrlProblem(string problem) => Problems.Validation("url", problem);

    private static async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static void Apply(Subscription subscription, SubscriptionRequest request)
    {
        subscription.Filter = request.Filters?.ToFilter() ?? SubscriptionFilter.Everything;
        subscription.QuietHours = request.QuietHours is { TimeZone: { } zone, Start: { } start, End: { } end } ? new QuietHours(zone, start, end) : null;
    }

    /// <summary>Loads the subscription if the token is its management token; unknown and foreign ids look alike (404), so ids cannot be probed.</summary>
    internal static async Task<(Subscription? Subscription, ProblemHttpResult? Denied)> FindAsync(NotificationDbContext db, Guid id, string? token,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, Problems.Unauthorized($"Managing a subscription needs its token in the {SubscriptionTokens.TokenHeader} header."));
        }
        var subscription = await db.Subscriptions.FindAsync([id], cancellationToken);
        // A browser push subscription is managed under /api/notifications/push: the webhook routes (a new URL, a rotated
        // secret, a ping) would break it.
        return subscription is null || subscription.IsPush || !SubscriptionTokens.Matches(token, subscription.ManagementTokenHash)
            ? (null, Problems.NotFound("No such subscription for this token."))
            : (subscription, null);
    }
}

/// <summary>The data of a <c>webhook.ping</c>.</summary>
public sealed record PingData(Guid SubscriptionId);

/// <summary>The services managing a subscription uses, bound as one parameter.</summary>
internal sealed record SubscriptionServices(
    NotificationDbContext Db,
    SubscriptionRequestValidator Validator,
    SigningSecretProtector Secrets,
    IOptions<SubscriptionOptions> Options,
    DeliverySignal Signal,
    TimeProvider Clock,
    CancellationToken CancellationToken);
