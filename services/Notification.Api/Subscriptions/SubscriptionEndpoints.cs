using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
            .WithDescription("Returns the signing secret (whsec_…) and the management token once; keep both.");

        var managed = group.MapGroup("/{id:guid}").RequireRateLimiting(SubscriptionRateLimits.PerSubscription);
        managed.MapGet("/", Get).WithName("GetSubscription").WithSummary("Read a subscription (management token in X-Subscription-Token)");
        managed.MapPut("/", Update).WithName("UpdateSubscription").WithSummary("Replace the URL, filters and quiet hours");
        managed.MapPost("/pause", Pause).WithName("PauseSubscription").WithSummary("Stop delivering; queued deliveries are held, alerts raised meanwhile are not queued");
        managed.MapPost("/resume", Resume).WithName("ResumeSubscription")
            .WithSummary("Deliver again, also after the service disabled the endpoint; deliveries held while paused go out at once");
        managed.MapPost("/secret/rotate", RotateSecret).WithName("RotateSubscriptionSecret")
            .WithSummary("Issue a new signing secret; the old one keeps signing alongside it for the grace period");
        managed.MapPost("/test", SendTest).WithName("TestSubscription").WithSummary("Queue a signed webhook.ping to the endpoint");
        managed.MapDelete("/", Delete).WithName("DeleteSubscription").WithSummary("Delete the subscription and its delivery log");
        return routes;
    }

    private static async Task<Results<Created<CreatedSubscriptionResponse>, ValidationProblem>> Create(
        SubscriptionRequest request, NotificationDbContext db, SubscriptionRequestValidator validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateAsync(request, cancellationToken) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var token = SubscriptionTokens.NewManagementToken();
        var now = clock.GetUtcNow();
        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(now),
            Url = request.Url!,
            Secret = SubscriptionTokens.NewSigningSecret(),
            ManagementTokenHash = SubscriptionTokens.Hash(token),
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(subscription, request);
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{BasePath}/{subscription.Id}", new CreatedSubscriptionResponse(subscription.Id, subscription.Url,
            subscription.Secret, token, FilterDto.From(subscription.Filter), QuietHoursDto.From(subscription.QuietHours), now));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Get(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        return denied ?? (Results<Ok<SubscriptionResponse>, ProblemHttpResult>)TypedResults.Ok(SubscriptionResponse.From(subscription!));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ValidationProblem, ProblemHttpResult>> Update(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, SubscriptionRequest request, NotificationDbContext db,
        SubscriptionRequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        if (await validator.ValidateAsync(request, cancellationToken) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        subscription!.Url = request.Url!;
        Apply(subscription, request);
        subscription.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Pause(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        subscription!.IsPaused = true;
        subscription.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Resume(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, DeliverySignal signal,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var now = clock.GetUtcNow();
        subscription!.IsPaused = false;
        subscription.IsActive = true;
        subscription.DisabledReason = null;
        subscription.FailingSince = null;
        subscription.UpdatedAt = now;
        // Held deliveries are already due; the worker skipped them only while the subscription was paused.
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<Results<Ok<RotatedSecretResponse>, ProblemHttpResult>> RotateSecret(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, IOptions<SubscriptionOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var now = clock.GetUtcNow();
        subscription!.PreviousSecret = subscription.Secret;
        subscription.PreviousSecretExpiresAt = now + options.Value.SecretRotationGrace;
        subscription.Secret = SubscriptionTokens.NewSigningSecret();
        subscription.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new RotatedSecretResponse(subscription.Secret, subscription.PreviousSecretExpiresAt.Value));
    }

    private static async Task<Results<Accepted<QueuedDeliveryResponse>, ProblemHttpResult>> SendTest(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, DeliverySignal signal,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var now = clock.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Id = WebhookDelivery.NewId(now),
            SubscriptionId = subscription!.Id,
            EventType = Alerts.AlertTypes.Ping,
            Payload = new WebhookPayload<PingData>(Alerts.AlertTypes.Ping, now, new PingData(subscription.Id)).ToJson(),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
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
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Managing a subscription needs its token in the {SubscriptionTokens.TokenHeader} header."));
        }
        var subscription = await db.Subscriptions.FindAsync([id], cancellationToken);
        return subscription is null || !SubscriptionTokens.Matches(token, subscription.ManagementTokenHash)
            ? (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "No such subscription for this token."))
            : (subscription, null);
    }
}

/// <summary>The data of a <c>webhook.ping</c>.</summary>
public sealed record PingData(Guid SubscriptionId);
