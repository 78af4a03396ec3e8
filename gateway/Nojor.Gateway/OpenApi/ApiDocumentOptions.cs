using System.ComponentModel.DataAnnotations;

namespace Nojor.Gateway.OpenApi;

public sealed class ApiDocumentOptions
{
    public const string SectionName = "Gateway:OpenApi";

    /// <summary>Each service's OpenAPI document, by service-discovery address.</summary>
    [Required, MinLength(1)]
    public Dictionary<string, Uri> Sources { get; set; } = [];

    /// <summary>How long a merged document is served before the services are asked again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}
