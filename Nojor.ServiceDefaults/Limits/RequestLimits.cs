using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nojor.Limits;

/// <summary>
/// Request size limits, in one place for the gateway and the services: what the services enforce themselves (they can be
/// reached without the gateway) and the limits the gateway must agree with, so it never refuses what a service accepts.
/// </summary>
public static class RequestLimits
{
    /// <summary>Kestrel's settings section, read by every Nojor process on top of the defaults below.</summary>
    public const string SectionName = "Kestrel:Limits";

    /// <summary>A body of a route without a limit of its own (Kestrel's default is 30 MB).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// Header count and size: above the gateway's own limits (64 headers, 16 KiB), so whatever it accepts still fits once it
    /// has added its forwarding and tracing headers.
    /// </summary>
    public const int MaxRequestHeaderCount = 80;

    public const int MaxRequestHeadersTotalBytes = 24 * 1024;

    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>The largest report body, in UTF-8 bytes.</summary>
    public const int ReportBodyMaxBytes = 256 * 1024;

    /// <summary>A whole editor's write of a report: the largest body plus room for every other field of the JSON.</summary>
    public const long ReportWriteMaxBytes = ReportBodyMaxBytes + (64 * 1024);

    /// <summary>
    /// Limits the gateway's route configuration names instead of repeating a number (route metadata
    /// <c>MaxRequestBodyBytes: "report-write"</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, long> Named = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
    {
        ["report-write"] = ReportWriteMaxBytes,
    };

    /// <summary>Kestrel's request limits for this process: the defaults above, then <c>Kestrel:Limits</c> from configuration.</summary>
    public static TBuilder AddRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            builder.Configuration.GetSection(SectionName).Bind(kestrel.Limits);
        });
        return builder;
    }
}
