namespace Nojor.Web.Api;

/// <summary>
/// The notification service's browser push subscriptions. Like webhooks, every call but creation carries the management
/// token; the service answers 404 alike for an unknown id and a token that is not its own.
/// </summary>
public sealed class PushApi(HttpClient http) : ServiceClient(http, "notification-api")
{
    private const string BasePath = "/api/notifications/push";

    /// <summary>The deployment's VAPID public key, which the browser subscribes with.</summary>
    public Task<ApiResult<PushKey>> KeyAsync(CancellationToken cancellationToken) => GetAsync<PushKey>(BasePath + "/key", cancellationToken);

    public Task<ApiResult<CreatedPushSubscription>> CreateAsync(PushSubscriptionRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<CreatedPushSubscription>(HttpMethod.Post, BasePath + "/subscriptions", request, cancellationToken);

    /// <summary>The subscription, or a null value when the service knows none for this token (it ended, or was cancelled).</summary>
    public Task<ApiResult<PushSubscription>> GetAsync(Guid id, string token, CancellationToken cancellationToken) =>
        GetAsync<PushSubscription>(PathOf(id), cancellationToken, WithToken(token));

    public Task<ApiResult<object>> DeleteAsync(Guid id, string token, CancellationToken cancellationToken) =>
        SendJsonAsync<object>(HttpMethod.Delete, PathOf(id), null, cancellationToken, WithToken(token));

    private static string PathOf(Guid id) => $"{BasePath}/subscriptions/{id}";

    private static Action<HttpRequestMessage> WithToken(string token) =>
        request => request.Headers.TryAddWithoutValidation(SubscriptionApi.TokenHeader, token);
}

public sealed record PushKey(string PublicKey);

/// <summary>What the browser's <c>PushSubscription.toJSON()</c> gave, as the service takes it.</summary>
public sealed record PushKeys(string? P256dh, string? Auth);

public sealed record PushSubscriptionRequest(string Endpoint, PushKeys Keys, SubscriptionFilters? Filters, QuietHoursSettings? QuietHours);

public sealed record PushSubscription(Guid Id, string Endpoint, bool Active, string? DisabledReason, SubscriptionFilters Filters,
    QuietHoursSettings? QuietHours, DateTimeOffset CreatedAt);

public sealed record CreatedPushSubscription(Guid Id, string ManagementToken, PushSubscription Subscription);
