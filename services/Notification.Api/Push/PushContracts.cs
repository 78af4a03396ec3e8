using System.ComponentModel;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Push;

/// <summary>The keys of a browser's push subscription, as <c>PushSubscription.toJSON()</c> gives them.</summary>
public sealed record PushKeysDto(
    [property: Description("The browser's P-256 public key, base64url (65 bytes, uncompressed).")] string? P256dh,
    [property: Description("The browser's auth secret, base64url (16 bytes).")] string? Auth);

/// <summary>A browser's push subscription with the alerts it wants.</summary>
public sealed record PushSubscriptionRequest(
    [property: Description("The push service endpoint the browser was given (https).")] string? Endpoint,
    PushKeysDto? Keys,
    FilterDto? Filters = null,
    QuietHoursDto? QuietHours = null);

/// <summary>Returned once, at creation: the management token is shown only here.</summary>
public sealed record CreatedPushSubscriptionResponse(Guid Id, string ManagementToken, PushSubscriptionResponse Subscription);

public sealed record PushSubscriptionResponse(Guid Id, string Endpoint, bool Active, string? DisabledReason, FilterDto Filters,
    QuietHoursDto? QuietHours, DateTimeOffset CreatedAt)
{
    public static PushSubscriptionResponse From(Subscription s) =>
        new(s.Id, s.Url, s.IsActive, s.DisabledReason, FilterDto.From(s.Filter), QuietHoursDto.From(s.QuietHours), s.CreatedAt);
}

/// <summary>The deployment's VAPID public key: the <c>applicationServerKey</c> to subscribe with.</summary>
public sealed record PushKeyResponse(string PublicKey);
