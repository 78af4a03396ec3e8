using System.Buffers.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nojor.Hosting;
using Nojor.Notifications.Data;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Push;

/// <summary>
/// Browser push subscriptions: a reader's browser registers the subscription its push service gave it, with the same
/// filters and quiet hours as a webhook, and gets alerts while no Nojor page is open. Under /api/notifications so the
/// gateway's existing route reaches them.
/// </summary>
public static class PushSubscriptionEndpoints
{
    public const string BasePath = "/api/notifications/push";

    public static IEndpointRouteBuilder MapPushEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Push");
        group.MapGet("/key", (VapidKeys vapid) => TypedResults.Ok(new PushKeyResponse(vapid.PublicKey)))
            .WithName("GetPushKey").WithSummary("The VAPID public key browsers subscribe with (applicationServerKey)");
        group.MapPost("/subscriptions", Create).WithName("CreatePushSubscription")
            .WithSummary("Register a browser's push subscription with its filters and quiet hours")
            .WithDescription("""
                The body is the browser's PushSubscription (endpoint and keys) plus filters and quiet hours as for webhooks.
                Returns a management token once. A subscription for an endpoint already registered replaces it.
                """);
        var managed = group.MapGroup("/subscriptions/{id:guid}").RequireRateLimiting(SubscriptionRateLimits.PerSubscription);
        managed.MapGet("/", Get).WithName("GetPushSubscription").WithSummary("Read a push subscription (management token in X-Subscription-Token)");
        managed.MapDelete("/", Delete).WithName("DeletePushSubscription").WithSummary("Stop pushing to this browser");
        return routes;
    }

    private static async Task<Results<Created<CreatedPushSubscriptionResponse>, ValidationProblem>> Create(PushSubscriptionRequest request,
        NotificationDbContext db, PushEndpointPolicy endpoints, SigningSecretProtector secrets,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = SubscriptionRequestValidator.ValidateSettings(request.Filters, request.QuietHours);
        if (await endpoints.FindProblemAsync(request.Endpoint, cancellationToken) is { } endpointProblem)
        {
            errors["endpoint"] = [endpointProblem];
        }
        var publicKey = Decode(request.Keys?.P256dh);
        if (publicKey is null || !WebPushEncryption.IsValidPublicKey(publicKey))
        {
            errors["keys.p256dh"] = ["The p256dh key must be a P-256 public key: 65 bytes (uncompressed point on the curve), base64url."];
        }
        if (Decode(request.Keys?.Auth) is not { Length: WebPushEncryption.AuthSecretLength })
        {
            errors["keys.auth"] = ["The auth secret must be 16 bytes, base64url."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var token = SubscriptionTokens.NewManagementToken();
        var endpoint = new Uri(request.Endpoint!);
        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(now),
            Url = request.Endpoint!,
            TargetHost = Subscription.TargetHostOf(endpoint),
            PushKey = Base64Url.EncodeToString(publicKey),
            Secret = secrets.Protect(Base64Url.EncodeToString(Decode(request.Keys!.Auth)!)),
            ManagementTokenHash = SubscriptionTokens.Hash(token),
            // No verification round: the endpoint is a browser push service, which accepts only pushes signed with the
            // VAPID key this subscription was made for (and only known push services are accepted outside a local run).
            VerifiedAt = now,
            Filter = request.Filters?.ToFilter() ?? SubscriptionFilter.Everything,
            QuietHours = request.QuietHours is { TimeZone: { } zone, Start: { } start, End: { } end } ? new QuietHours(zone, start, end) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The browser subscribed again (new keys, new filters): its endpoint gets one subscription, the newest.
        await db.Subscriptions.Where(s => s.PushKey != null && s.Url == subscription.Url).ExecuteDeleteAsync(cancellationToken);
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"{BasePath}/subscriptions/{subscription.Id}",
            new CreatedPushSubscriptionResponse(subscription.Id, token, PushSubscriptionResponse.From(subscription)));
    }

    private static async Task<Results<Ok<PushSubscriptionResponse>, ProblemHttpResult>> Get(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var (subscription, denied) = await FindAsync(db, id, token, cancellationToken);
        return denied ?? (Results<Ok<PushSubscriptionResponse>, ProblemHttpResult>)TypedResults.Ok(PushSubscriptionResponse.From(subscription!));
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

    /// <summary>Loads a push subscription for its management token; unknown ids, webhooks and wrong tokens look alike (404).</summary>
    private static async Task<(Subscription? Subscription, ProblemHttpResult? Denied)> FindAsync(NotificationDbContext db, Guid id, string? token,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, Problems.Unauthorized($"Managing a push subscription needs its token in the {SubscriptionTokens.TokenHeader} header."));
        }
        var subscription = await db.Subscriptions.FindAsync([id], cancellationToken);
        return subscription is null || !subscription.IsPush || !SubscriptionTokens.Matches(token, subscription.ManagementTokenHash)
            ? (null, Problems.NotFound("No such push subscription for this token."))
            : (subscription, null);
    }

    private static byte[]? Decode(string? base64Url)
    {
        if (string.IsNullOrWhiteSpace(base64Url) || base64Url.Length > 200)
        {
            return null;
        }
        // Browsers send base64url without padding; some libraries pad it.
        var trimmed = base64Url.Trim().TrimEnd('=');
        return Base64Url.IsValid(trimmed) ? Base64Url.DecodeFromChars(trimmed) : null;
    }
}
