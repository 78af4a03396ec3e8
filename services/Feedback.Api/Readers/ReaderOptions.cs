using System.ComponentModel.DataAnnotations;

namespace Nojor.Feedback.Readers;

public sealed class ReaderOptions : IValidatableObject
{
    public const string SectionName = "Feedback:Readers";

    /// <summary>How long a reader may still edit or delete what they sent.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a token is accepted after it was issued or renewed; the cookie lives as long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>
    /// Where readers reach the platform, e.g. <c>https://nojor.example</c>. When it is https the reader cookie is marked
    /// <c>Secure</c> even if the request reached this service over plain http (behind the gateway, TLS ends at the
    /// ingress); the forwarded scheme from a known proxy has the same effect.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public bool PublicUrlIsHttps =>
        Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && !Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("PublicBaseUrl must be an absolute URL.", [nameof(PublicBaseUrl)]);
        }
    }
}
