using System.ComponentModel;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Email;

/// <summary>Subscribe an address to e-mail alerts; nothing is sent but a confirmation until its owner confirms.</summary>
public sealed record EmailSubscriptionRequest(
    [property: Description("The address alerts go to, e.g. reader@example.org (no display name).")] string? Address,
    FilterDto? Filters = null,
    QuietHoursDto? QuietHours = null,
    [property: Description("immediate (each alert as it happens, the default), hourly or daily (one digest of what the filters let through).")]
    string? Frequency = null);

/// <summary>The same answer whether or not the address was known, so the API tells nobody who subscribes.</summary>
public sealed record EmailSubscriptionAccepted(
    [property: Description("Always confirmation-sent: a confirmation message is (or was recently) on its way.")] string Status,
    string Detail);

/// <summary>A signed token from a confirmation or unsubscribe link.</summary>
public sealed record EmailLinkRequest([property: Description("The token parameter of the link in the e-mail.")] string? Token);

public sealed record EmailSubscriptionConfirmed(
    Guid Id,
    string Address,
    DateTimeOffset ConfirmedAt,
    FilterDto Filters,
    QuietHoursDto? QuietHours,
    string Frequency,
    [property: Description("Why mail to this address was stopped before, if it was (the mail server's permanent refusal); it is on again now.")]
    string? PreviouslyDisabledReason,
    [property: Description("Token of this subscription's one-click unsubscribe link.")] string UnsubscribeToken);

public sealed record EmailUnsubscribed([property: Description("True: no more alerts go to the address.")] bool Unsubscribed);
