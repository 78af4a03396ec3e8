using System.ComponentModel.DataAnnotations;

namespace Nojor.Notifications.Push;

public sealed class PushOptions : IValidatableObject
{
    public const string SectionName = "Push";

    /// <summary>The contact a push service may use to reach us (RFC 8292 <c>sub</c>); the placeholder is refused outside Development.</summary>
    public const string PlaceholderSubject = "mailto:alerts@nojor.invalid";

    /// <summary>
    /// A PEM file with the deployment's P-256 VAPID private key (a mounted secret). Required: every instance must sign with
    /// the same key, and browsers' subscriptions are bound to it. In Development a missing file is created.
    /// </summary>
    [Required]
    public string? VapidKeyFile { get; set; }

    /// <summary>A <c>mailto:</c> or <c>https:</c> URI that reaches the operator.</summary>
    [Required]
    public string Subject { get; set; } = PlaceholderSubject;

    /// <summary>
    /// Push services whose endpoints are accepted (the host itself or a subdomain of it): browsers' own services, so a
    /// push subscription cannot aim our traffic at any server its maker names. Loopback is allowed besides in a local
    /// Development run (<c>Webhooks:AllowLoopbackTargets</c>), for a test push service.
    /// </summary>
    public List<string> AllowedServiceHosts { get; set; } =
    [
        "fcm.googleapis.com", // Chrome, Edge on Android, Opera
        "push.services.mozilla.com", // Firefox
        "web.push.apple.com", // Safari
        "notify.windows.com", // Edge on Windows (wns2-*.notify.windows.com)
    ];

    /// <summary>Set by the host at start: whether the placeholder subject is acceptable.</summary>
    internal bool IsDevelopment { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Subject, UriKind.Absolute, out var subject) || (subject.Scheme != "mailto" && subject.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Push:Subject must be a mailto: or https: URI that reaches the operator.", [nameof(Subject)]);
        }
        else if (!IsDevelopment && Subject == PlaceholderSubject)
        {
            yield return new ValidationResult("Set Push:Subject to the operator's contact outside Development.", [nameof(Subject)]);
        }
    }
}
