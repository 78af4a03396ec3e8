using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

internal static class GatewaySettings
{
    /// <summary>AppHost sections handed to the gateway unchanged, so a run (or a test, or a benchmark) can tune them.</summary>
    private static readonly string[] ForwardedSections = ["RateLimits", "Cors", "Performance", "ReadCache"];

    /// <summary>
    /// Passes <c>Gateway:RateLimits:*</c>, <c>Gateway:Cors:*</c>, <c>Gateway:Performance:*</c> and <c>Gateway:ReadCache:*</c> from the AppHost's
    /// configuration to the gateway as <c>Gateway__...</c> environment variables.
    /// </summary>
    public static IResourceBuilder<BuiltProjectResource> WithGatewaySettings(this IResourceBuilder<BuiltProjectResource> gateway, IConfiguration configuration)
    {
        foreach (var section in ForwardedSections)
        {
            gateway.WithConfigurationSection(configuration, $"Gateway:{section}");
        }
        // The untuned configuration the benchmark compares against ran with workstation GC.
        if (string.Equals(configuration["Gateway:Performance:Mode"], "baseline", StringComparison.OrdinalIgnoreCase))
        {
            gateway.WithEnvironment("DOTNET_gcServer", "0");
            gateway.WithEnvironment("Gateway__ReadCache__Enabled", "false");
        }
        return gateway;
    }
}
