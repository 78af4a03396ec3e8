using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Nojor.Authentication;

/// <summary>
/// Outside Development a symmetric key is accepted only from <see cref="EditorAuthenticationOptions.SigningKeyFile"/>:
/// a key typed into settings is how a development value ends up signing production tokens.
/// </summary>
internal sealed class EditorKeySourceValidation(IHostEnvironment environment) : IValidateOptions<EditorAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, EditorAuthenticationOptions options)
    {
        if (options.UsesAuthority || environment.IsDevelopment() || string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Success;
        }
        return ValidateOptionsResult.Fail(
            $"EditorAuth:SigningKey is accepted in Development only (this is {environment.EnvironmentName}). " +
            "Configure EditorAuth:Authority (an OIDC issuer), or mount the key as a secret file and name it in EditorAuth:SigningKeyFile.");
    }
}
