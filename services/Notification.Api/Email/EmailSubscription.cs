using Nojor.Notifications.Alerts;
using Nojor.Notifications.Subscriptions;

namespace Nojor.Notifications.Email;

/// <summary>How often a reader wants alert e-mails.</summary>
public enum EmailFrequency
{
    /// <summary>Each alert as it happens.</summary>
    Immediate,

    /// <summary>One digest an hour of what the filters let through (the stories followed, their updates).</summary>
    Hourly,

    /// <summary>One digest a day.</summary>
    Daily,
}

/// <summary>
/// A reader who wants breaking-news alerts by e-mail. Nothing but the confirmation message is sent until the owner of
/// the address opens the signed link in it (double opt-in). Unsubscribing deletes the row; a row the mail server refused
/// for good (5xx) stays, disabled, so the reason can be shown to the owner when they subscribe and confirm again.
/// </summary>
public sealed class EmailSubscription : IAlertRecipient
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int AddressMaxLength = 254;

    public Guid Id { get; init; }

    /// <summary>The address as given (trimmed). Never logged or traced: log lines name the subscription id.</summary>
    public required string Address { get; init; }

    /// <summary>The address lower-cased: one reader's several requests (and their confirmations) are found by it.</summary>
    public required string AddressKey { get; init; }

    public SubscriptionFilter Filter { get; set; } = SubscriptionFilter.Everything;

    public QuietHours? QuietHours { get; set; }

    /// <summary>Each alert as it happens, or one digest an hour or a day.</summary>
    public EmailFrequency Frequency { get; set; }

    /// <summary>For a digest: the start of the period the next digest covers (set on confirmation, moved on by each digest).</summary>
    public DateTimeOffset? DigestSince { get; set; }

    /// <summary>When the owner opened the confirmation link; null until then, and nothing but the confirmation goes out.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>When the latest confirmation message was queued; another is sent only after <c>Email:ConfirmationResendInterval</c>.</summary>
    public DateTimeOffset? ConfirmationSentAt { get; set; }

    /// <summary>False once the mail server refused the address for good (a 5xx reply).</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The mail server's refusal, shown to the owner when they subscribe and confirm again.</summary>
    public string? DisabledReason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsConfirmed => ConfirmedAt is not null;

    public static string KeyOf(string address) => address.Trim().ToLowerInvariant();
}
