namespace Nojor.Web.Api;

/// <summary>
/// The notification service's webhook subscriptions. Every call but creation carries the subscription's management
/// token (<c>X-Subscription-Token</c>); the service answers 404 alike for an unknown id and a token that is not its own.
/// </summary>
public sealed class SubscriptionApi(HttpClient http) : ServiceClient(http, "notification-api")
{
    public const string TokenHeader = "X-Subscription-Token";
    private const string BasePath = "/api/subscriptions";

    public Task<ApiResult<CreatedSubscription>> CreateAsync(SubscriptionRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<CreatedSubscription>(HttpMethod.Post, BasePath, request, cancellationToken);

    /// <summary>The subscription, or a null value (without a problem) when the service knows no such subscription for this token.</summary>
    public Task<ApiResult<Subscription>> GetAsync(Guid id, string token, CancellationToken cancellationToken) =>
        GetAsync<Subscription>(PathOf(id), cancellationToken, WithToken(token));

    /// <summary>The latest deliveries with their attempts; a null value when the subscription is unknown for this token.</summary>
    public Task<ApiResult<DeliveryLog>> DeliveriesAsync(Guid id, string token, CancellationToken cancellationToken) =>
        GetAsync<DeliveryLog>(PathOf(id) + "/deliveries?limit=20", cancellationToken, WithToken(token));

    public Task<ApiResult<Subscription>> UpdateAsync(Guid id, string token, SubscriptionRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<Subscription>(HttpMethod.Put, PathOf(id), request, cancellationToken, WithToken(token));

    public Task<ApiResult<QueuedDelivery>> ResendVerificationAsync(Guid id, string token, CancellationToken cancellationToken) =>
        SendJsonAsync<QueuedDelivery>(HttpMethod.Post, PathOf(id) + "/verify", null, cancellationToken, WithToken(token));

    public Task<ApiResult<Subscription>> PauseAsync(Guid id, string token, CancellationToken cancellationToken) =>
        SendJsonAsync<Subscription>(HttpMethod.Post, PathOf(id) + "/pause", null, cancellationToken, WithToken(token));

    public Task<ApiResult<Subscription>> ResumeAsync(Guid id, string token, CancellationToken cancellationToken) =>
        SendJsonAsync<Subscription>(HttpMethod.Post, PathOf(id) + "/resume", null, cancellationToken, WithToken(token));

    public Task<ApiResult<RotatedSecret>> RotateSecretAsync(Guid id, string token, CancellationToken cancellationToken) =>
        SendJsonAsync<RotatedSecret>(HttpMethod.Post, PathOf(id) + "/secret/rotate", null, cancellationToken, WithToken(token));

    public Task<ApiResult<QueuedDelivery>> SendTestAsync(Guid id, string token, CancellationToken cancellationToken) =>
        SendJsonAsync<QueuedDelivery>(HttpMethod.Post, PathOf(id) + "/test", null, cancellationToken, WithToken(token));

    public Task<ApiResult<object>> DeleteAsync(Guid id, string token, CancellationToken cancellationToken) =>
        SendJsonAsync<object>(HttpMethod.Delete, PathOf(id), null, cancellationToken, WithToken(token));

    private static string PathOf(Guid id) => $"{BasePath}/{id}";

    private static Action<HttpRequestMessage> WithToken(string token) =>
        request => request.Headers.TryAddWithoutValidation(TokenHeader, token);
}
