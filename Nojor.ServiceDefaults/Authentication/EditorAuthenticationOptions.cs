using System.ComponentModel.DataAnnotations;

namespace Nojor.Authentication;

public sealed class EditorAuthenticationOptions
{
    public const string SectionName = "Editorial";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Shared key editors send until the gateway's token sign-in replaces it.</summary>
    [Required, MinLength(16)]
    public string ApiKey { get; set; } = "";
}
