namespace Nojor.Web.Api;

// The notification service's subscription shapes, as its OpenAPI document describes them.

public sealed record PlaceFilter(string Country, string? Region = null, string? District = null)
{
    public override string ToString() => string.Join('/', new[] { Country, Region, District }.Where(p => !string.IsNullOrEmpty(p)));
}

/// <summary>What a subscriber wants; an empty field matches everything.</summary>
public sealed record SubscriptionFilters(
    IReadOnlyList<string>? Sections = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<PlaceFilter>? Places = null,
    IReadOnlyList<Guid>? Stories = null,
    int? MinimumUrgency = null,
    bool? BreakingOnly = null,
    string? Language = null);

/// <summary>A daily window, in the subscriber's time zone, during which only flash (urgency 1) alerts go out.</summary>
public sealed record QuietHoursSettings(string TimeZone, TimeOnly Start, TimeOnly End);

public sealed record SubscriptionRequest(string Url, SubscriptionFilters? Filters, QuietHoursSettings? QuietHours);

/// <summary>The only answer that carries the signing secret and the management token.</summary>
public sealed record CreatedSubscription(Guid Id, string Url, string Secret, string ManagementToken);

public sealed record Subscription(
    Guid Id,
    string Url,
    bool Active,
    bool Paused,
    string? DisabledReason,
    SubscriptionFilters Filters,
    QuietHoursSettings? QuietHours,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    EndpointVerification? Verification = null)
{
    /// <summary>Alerts go only to an endpoint that has answered its verification request.</summary>
    public bool IsVerified => Verification is null || Verification.State == EndpointVerification.Verified;
}

/// <summary>Whether the endpoint has echoed the challenge of its verification request: pending, verified or failed.</summary>
public sealed record EndpointVerification(string State, DateTimeOffset? VerifiedAt, DateTimeOffset? RequestedAt, string? Failure)
{
    public const string Pending = "pending";
    public const string Verified = "verified";
    public const string Failed = "failed";
}

public sealed record RotatedSecret(string Secret, DateTimeOffset PreviousSecretExpiresAt);

public sealed record QueuedDelivery(string DeliveryId);

public sealed record DeliveryAttempt(int Number, DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? Error);

public sealed record Delivery(
    string Id,
    string Type,
    string? AlertId,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    int? LastStatusCode,
    string? LastError,
    int Deferrals,
    IReadOnlyList<DeliveryAttempt> AttemptLog)
{
    public bool IsPending => string.Equals(Status, "Pending", StringComparison.OrdinalIgnoreCase);
}

public sealed record DeliveryLog(IReadOnlyList<Delivery> Items);
