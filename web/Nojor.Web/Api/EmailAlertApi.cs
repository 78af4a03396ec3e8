namespace Nojor.Web.Api;

/// <summary>
/// The notification service's e-mail alerts. Subscribing needs nothing; confirming and unsubscribing are authorised by
/// the signed token of the link in the e-mail alone (the service refuses a forged or expired one with 400).
/// </summary>
public sealed class EmailAlertApi(HttpClient http) : ServiceClient(http, "notification-api")
{
    private const string BasePath = "/api/subscriptions/email";

    public Task<ApiResult<EmailSubscriptionAccepted>> SubscribeAsync(EmailSubscriptionRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<EmailSubscriptionAccepted>(HttpMethod.Post, BasePath, request, cancellationToken);

    public Task<ApiResult<EmailSubscriptionConfirmed>> ConfirmAsync(string token, CancellationToken cancellationToken) =>
        SendJsonAsync<EmailSubscriptionConfirmed>(HttpMethod.Post, BasePath + "/confirm", new EmailLinkRequest(token), cancellationToken);

    public Task<ApiResult<EmailUnsubscribed>> UnsubscribeAsync(string token, CancellationToken cancellationToken) =>
        SendJsonAsync<EmailUnsubscribed>(HttpMethod.Post, BasePath + "/unsubscribe", new EmailLinkRequest(token), cancellationToken);
}

public sealed record EmailSubscriptionRequest(string Address, SubscriptionFilters? Filters, QuietHoursSettings? QuietHours, string Frequency);

public sealed record EmailSubscriptionAccepted(string Status, string Detail);

public sealed record EmailLinkRequest(string Token);

public sealed record EmailSubscriptionConfirmed(Guid Id, string Address, DateTimeOffset ConfirmedAt, SubscriptionFilters Filters,
    QuietHoursSettings? QuietHours, string Frequency, string? PreviouslyDisabledReason, string UnsubscribeToken);

public sealed record EmailUnsubscribed(bool Unsubscribed);
