using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Nojor.Authentication;

/// <summary>
/// How editor tokens are validated. Production names an OIDC <see cref="Authority"/> whose published keys sign
/// the tokens; a deployment that keeps a symmetric key reads it from <see cref="SigningKeyFile"/> (a mounted
/// secret); local runs and tests share a key the AppHost generates per data folder.
/// </summary>
public sealed class EditorAuthenticationOptions : IValidatableObject
{
    public const string SectionName = "EditorAuth";

    /// <summary>HMAC-SHA256 wants at least 256 bits of key.</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>The only signatures an OIDC authority's tokens may carry: its published (public) keys verify them.</summary>
    public static readonly IReadOnlyList<string> AuthorityAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>The <c>iss</c> every accepted token carries (with an authority, the authority's issuer).</summary>
    [Required]
    public string Issuer { get; set; } = "nojor-dev";

    /// <summary>The <c>aud</c> every accepted token carries.</summary>
    [Required]
    public string Audience { get; set; } = "nojor-api";

    /// <summary>
    /// A symmetric key given as a setting (UTF-8 text). Accepted in Development only: a setting ends up in files,
    /// environment listings and dashboards, so elsewhere the key must come from <see cref="SigningKeyFile"/>.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// A file holding the symmetric key (UTF-8 text; surrounding whitespace ignored), such as a mounted Kubernetes
    /// secret or a Docker secret. What counts as "from a secret store" outside Development.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>OIDC authority (e.g. https://login.example.com/realms/nojor) whose discovery document supplies the keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Tolerated clock difference between the token issuer and this service.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a token may be valid for, from its issue time to its expiry: a leaked token stops working within
    /// this, whatever its issuer chose.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The symmetric key's text, from <see cref="SigningKeyFile"/> when one is named, else <see cref="SigningKey"/>.</summary>
    public string? ReadSigningKey() =>
        string.IsNullOrWhiteSpace(SigningKeyFile) ? SigningKey : File.ReadAllText(SigningKeyFile).Trim();

    public SymmetricSecurityKey CreateSigningKey() =>
        new(Encoding.UTF8.GetBytes(ReadSigningKey() ?? throw new InvalidOperationException("No signing key is configured.")));

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
        if (!string.IsNullOrWhiteSpace(SigningKey) && !string.IsNullOrWhiteSpace(SigningKeyFile))
        {
            yield return new ValidationResult(
                "Configure either EditorAuth:SigningKeyFile or EditorAuth:SigningKey, not both: which one signs would be a guess.",
                [nameof(SigningKey), nameof(SigningKeyFile)]);
            yield break;
        }
        string? key = null;
        string? unreadable = null;
        try
        {
            key = ReadSigningKey();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            unreadable = ex.Message;
        }
        if (unreadable is not null)
        {
            yield return new ValidationResult($"EditorAuth:SigningKeyFile '{SigningKeyFile}' cannot be read: {unreadable}", [nameof(SigningKeyFile)]);
            yield break;
        }
        if (key is null || Encoding.UTF8.GetByteCount(key) < MinimumSigningKeyBytes)
        {
            yield return new ValidationResult(
                $"The editor signing key needs at least {MinimumSigningKeyBytes} bytes when no EditorAuth:Authority is configured.",
                [nameof(SigningKey), nameof(SigningKeyFile)]);
        }
        else if (LocalSigningKey.RetiredKeys.Contains(key))
        {
            yield return new ValidationResult(
                "The editor signing key is the development key that was once committed to the repository; anyone can sign with it. " +
                "Generate a new one (./nojor run does, per data folder).",
                [nameof(SigningKey), nameof(SigningKeyFile)]);
        }
    }
}
