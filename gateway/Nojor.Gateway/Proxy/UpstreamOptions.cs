using System.ComponentModel.DataAnnotations;

namespace Nojor.Gateway.Proxy;

/// <summary>How the gateway talks to the services behind it.</summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Gateway:Upstream";

    /// <summary>A service that does not accept a connection within this is treated as down (503) instead of hanging the client.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound for a single request body above the route's own limit (bytes); routes set lower ones in their metadata.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public long DefaultMaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
