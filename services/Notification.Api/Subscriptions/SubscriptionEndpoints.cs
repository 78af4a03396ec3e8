using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Nojor.Notifications.Data;

namespace Nojor.Notifications.Subscriptions;

public sealed record CreateSubscriptionRequest(string? Url);

/// <summary>Returned once, at creation: the only time the secret and the management token are shown.</summary>
public sealed record CreatedSubscriptionResponse(Guid Id, string Url, string Secret, string ManagementToken, DateTimeOffset CreatedAt);

public sealed record SubscriptionResponse(Guid Id, string Url, bool Active, string? DisabledReason, DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(Subscription s) => new(s.Id, s.Url, s.IsActive, s.DisabledReason, s.CreatedAt);
}

public static class SubscriptionEndpoints
{
    public const string BasePath = "/api/subscriptions";

    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Subscriptions");
        group.MapPost("/", Create).WithName("CreateSubscription");
        group.MapGet("/{id:guid}", Get).WithName("GetSubscription");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteSubscription");
        return routes;
    }

    private static async Task<Results<Created<CreatedSubscriptionResponse>, ValidationProblem>> Create(
        CreateSubscriptionRequest request, NotificationDbContext db, WebhookUrlPolicy urlPolicy, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await urlPolicy.FindProblemAsync(request.Url, cancellationToken) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [problem] });
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
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{BasePath}/{subscription.Id}",
            new CreatedSubscriptionResponse(subscription.Id, subscription.Url, subscription.Secret, token, now));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Get(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.FindAsync([id], cancellationToken);
        if (Authorize(subscription, token) is { } denied)
        {
            return denied;
        }
        return TypedResults.Ok(SubscriptionResponse.From(subscription!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id,
        [FromHeader(Name = SubscriptionTokens.TokenHeader)] string? token, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.FindAsync([id], cancellationToken);
        if (Authorize(subscription, token) is { } denied)
        {
            return denied;
        }
        db.Subscriptions.Remove(subscription!);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Unknown and foreign subscriptions look the same (404), so ids cannot be probed.</summary>
    private static ProblemHttpResult? Authorize(Subscription? subscription, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Managing a subscription needs its token in the {SubscriptionTokens.TokenHeader} header.");
        }
        return subscription is null || !SubscriptionTokens.Matches(token, subscription.ManagementTokenHash)
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "No such subscription for this token.")
            : null;
    }
}
