using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Nojor.Notifications.Email;

public sealed class EmailOptions : IValidatableObject
{
    public const string SectionName = "Email";

    /// <summary>
    /// Where readers reach the platform (the gateway): the confirmation and unsubscribe links in every message point at the
    /// reader web app's pages there.
    /// </summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080");

    /// <summary>The sender of every message, e.g. <c>Nojor alerts &lt;alerts@example.org&gt;</c>.</summary>
    [Required]
    [MaxLength(320)]
    public string From { get; set; } = "Nojor alerts <alerts@nojor.localhost>";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Messages sent at once; also the most SMTP connections kept open (pooled, reused between messages).</summary>
    [Range(1, 256)]
    public int MaxConnections { get; set; } = 8;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long after its first attempt a message is retried (4xx replies, no connection) before it is given up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a confirmation link works.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How soon another confirmation message may go to the same address: subscribing someone else's address over and over
    /// cannot flood their inbox.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ConfirmationResendInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The period an hourly digest covers (an hour; shorter only to try digests out).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HourlyDigestEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The period a daily digest covers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DailyDigestEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the digest job looks for subscriptions whose period has ended.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan DigestCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10_000)]
    public int DigestBatchSize { get; set; } = 500;

    /// <summary>Until when a message leased at <paramref name="now"/> is held: past any attempt, so a lease only lapses for a worker that died.</summary>
    public DateTimeOffset LeaseUntil(DateTimeOffset now) => now + (Smtp.Timeout * 3) + TimeSpan.FromSeconds(30);

    /// <summary>Whether a mail server is configured; without one e-mail subscriptions are refused (503) and nothing is sent.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Smtp.Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult("MaxRetryDelay must not be under FirstRetryDelay.", [nameof(MaxRetryDelay)]);
        }
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult("Email:From must be a mailbox such as Nojor alerts <alerts@example.org>.", [nameof(From)]);
        }
        if (!PublicBaseUrl.IsAbsoluteUri || PublicBaseUrl.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Email:PublicBaseUrl must be an absolute http(s) URL.", [nameof(PublicBaseUrl)]);
        }
        if (Smtp.Port is < 0 or > 65535 || (IsConfigured && Smtp.Port == 0))
        {
            yield return new ValidationResult("Email:Smtp:Port must be a TCP port.", ["Smtp.Port"]);
        }
        if (Smtp.Timeout < TimeSpan.FromSeconds(1) || Smtp.Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Email:Smtp:Timeout must be between 1 s and 5 min.", ["Smtp.Timeout"]);
        }
        if (string.IsNullOrEmpty(Smtp.UserName) != string.IsNullOrEmpty(Smtp.Password))
        {
            yield return new ValidationResult("Email:Smtp:UserName and Password are given together or not at all.", ["Smtp.UserName"]);
        }
    }
}

/// <summary>The mail server every message is handed to (the provider's relay in production, the local sink in a run).</summary>
public sealed class SmtpSettings
{
    /// <summary>Empty: e-mail alerts are off.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (port 587), <c>SslOnConnect</c> (465), or <c>None</c> (a relay on a trusted network, the local sink).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    /// <summary>Give it from the secret store (an environment variable from a mounted secret), never in a settings file.</summary>
    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
