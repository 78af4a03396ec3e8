using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Nojor.Authentication;

/// <summary>
/// How editor tokens are validated. Production names an OIDC <see cref="Authority"/> whose published keys sign
/// the tokens; local runs and tests share a symmetric <see cref="SigningKey"/> handed out by the AppHost.
/// </summary>
public sealed class EditorAuthenticationOptions : IValidatableObject
{
    public const string SectionName = "EditorAuth";

    /// <summary>HMAC-SHA256 wants at least 256 bits of key.</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>The <c>iss</c> every accepted token carries (with an authority, the authority's issuer).</summary>
    [Required]
    public string Issuer { get; set; } = "nojor-dev";

    /// <summary>The <c>aud</c> every accepted token carries.</summary>
    [Required]
    public string Audience { get; set; } = "nojor-api";

    /// <summary>Shared development signing key (UTF-8 text); ignored when <see cref="Authority"/> is set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OIDC authority (e.g. https://login.example.com/realms/nojor) whose discovery document supplies the keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Tolerated clock difference between the token issuer and this service.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    public SymmetricSecurityKey CreateSigningKey() =>
        new(Encoding.UTF8.GetBytes(SigningKey ?? throw new InvalidOperationException("No signing key is configured.")));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesAuthority)
        {
            if (!Uri.TryCreate(Authority, UriKind.Absolute, out _))
            {
                yield return new ValidationResult("EditorAuth:Authority must be an absolute URL.", [nameof(Authority)]);
            }
            yield break;
        }
        if (SigningKey is null || Encoding.UTF8.GetByteCount(SigningKey) < MinimumSigningKeyBytes)
        {
            yield return new ValidationResult(
                $"EditorAuth:SigningKey needs at least {MinimumSigningKeyBytes} bytes when no EditorAuth:Authority is configured.",
                [nameof(SigningKey)]);
        }
    }
}
