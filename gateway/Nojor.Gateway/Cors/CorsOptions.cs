namespace Nojor.Gateway.Cors;

public sealed class ReaderCorsOptions
{
    public const string SectionName = "Gateway:Cors";

    /// <summary>Origins of the reader web app allowed to call the API from a browser; no other origin is.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
