using System.ComponentModel.DataAnnotations;

namespace Nojor.Web.Desk;

/// <summary>
/// The newsroom desk's sign-in (section <c>Desk</c>). In production editors sign in with the OpenID Connect
/// authorization-code flow against <c>EditorAuth:Authority</c> as this client; locally a development sign-in mints the
/// same tokens as <c>./nojor token</c>.
/// </summary>
public sealed class DeskOptions : IValidatableObject
{
    public const string SectionName = "Desk";

    /// <summary>The OIDC authority, read from <c>EditorAuth:Authority</c>: the one whose tokens the services accept.</summary>
    public string? Authority { get; set; }

    /// <summary>This app's client id at the authority; required when an authority is configured.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (from a secret store); a public client with PKCE leaves it empty.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for beside <c>openid</c>; the services' audience usually needs one of its own.</summary>
    public string[] Scopes { get; set; } = ["profile"];

    /// <summary>How long a desk session lasts at most, whatever the token's own expiry.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "12:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesAuthority)
        {
            yield break;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("EditorAuth:Authority must be an absolute URL.", [nameof(Authority)]);
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult(
                "Desk:ClientId is required with EditorAuth:Authority: the desk signs editors in as that client.", [nameof(ClientId)]);
        }
    }
}
