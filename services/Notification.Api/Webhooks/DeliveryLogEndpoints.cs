using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nojor.Hosting;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Webhooks;

public sealed record DeliveryAttemptResponse(int Number, DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? Error);

/// <param name="Deferrals">How many times the subscription's rate limit put the delivery off before it was attempted.</param>
public sealed record DeliveryResponse(string Id, string Type, string? AlertId, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError, int Deferrals,
    IReadOnlyList<DeliveryAttemptResponse> AttemptLog);

public sealed record DeliveryLogResponse(IReadOnlyList<DeliveryResponse> Items);

/// <summary>A subscription's delivery log and the replay of one delivery.</summary>
public static class DeliveryLogEndpoints
{
    private const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapDeliveryLogEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(SubscriptionEndpoints.BasePath + "/{id:guid}/deliveries").WithTags("Subscriptions")
            .RequireRateLimiting(SubscriptionRateLimits.PerSubscription);
        group.MapGet("/", List).WithName("ListDeliveries")
            .WithSummary("Latest deliveries with every attempt: status codes, latency, errors");
        group.MapGet("/{deliveryId}", Get).WithName("GetDelivery").WithSummary("One delivery with its attempts");
        group.MapPost("/{deliveryId}/replay", Replay).WithName("ReplayDelivery")
            .WithSummary("Send a delivery again, with the same webhook-id, whatever its outcome was");
        return routes;
    }

    private static async Task<Results<Ok<DeliveryLogResponse>, ProblemHttpResult>> List(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken,
        int limit = 50)
    {
        var (_, denied) = await SubscriptionEndpoints.FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(Math.Clamp(limit, 1, MaxLimit))
            .ToListAsync(cancellationToken);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.DeliveryAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(new DeliveryLogResponse(deliveries.Select(d => ToResponse(d, attempts[d.Id])).ToList()));
    }

    private static async Task<Results<Ok<DeliveryResponse>, ProblemHttpResult>> Get(Guid id, string deliveryId,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var (_, denied) = await SubscriptionEndpoints.FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == id, cancellationToken);
        if (delivery is null)
        {
            return NoSuchDelivery();
        }
        var attempts = await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).ToListAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(delivery, attempts));
    }

    private static async Task<Results<Accepted<DeliveryResponse>, ProblemHttpResult>> Replay(Guid id, string deliveryId,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, DeliverySignal signal, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (subscription, denied) = await SubscriptionEndpoints.FindAsync(db, id, token, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == id, cancellationToken);
        if (delivery is null)
        {
            return NoSuchDelivery();
        }
        if (delivery.EventType == Alerts.AlertTypes.Verification)
        {
            return Problems.Conflict("A verification request is not replayed: ask for a new one (POST .../verify), with a new challenge.");
        }
        if (!subscription!.IsActive)
        {
            return Problems.Conflict("The subscription is disabled; resume it before replaying.");
        }
        if (delivery.Status == DeliveryStatus.Pending && delivery.LeaseUntil > clock.GetUtcNow())
        {
            return Problems.Conflict("The delivery is being sent right now.");
        }
        // An alert's delivery sends the alert's message, which goes when retention deletes the alert.
        if (delivery.Payload is null && !await db.Alerts.AnyAsync(a => a.Id == delivery.AlertId, cancellationToken))
        {
            return Problems.Conflict("The alert this delivery carried is past the retention period and can no longer be sent.");
        }
        delivery.Status = DeliveryStatus.Pending;
        delivery.NextAttemptAt = clock.GetUtcNow();
        delivery.FirstAttemptAt = null;
        delivery.LeaseUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Accepted($"{SubscriptionEndpoints.BasePath}/{id}/deliveries/{delivery.Id}", ToResponse(delivery, []));
    }

    private static ProblemHttpResult NoSuchDelivery() =>
        Problems.NotFound("No such delivery for this subscription.");

    private static DeliveryResponse ToResponse(WebhookDelivery d, IEnumerable<DeliveryAttempt> attempts) =>
        new(d.Id, d.EventType, d.AlertId, d.Status.ToString(), d.Attempts, d.CreatedAt,
            d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.LastStatusCode, d.LastError, d.Deferrals,
            attempts.OrderBy(a => a.Number).Select(a => new DeliveryAttemptResponse(a.Number, a.AttemptedAt, a.StatusCode, a.LatencyMs, a.Error)).ToList());
}
