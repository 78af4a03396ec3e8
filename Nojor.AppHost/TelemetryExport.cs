using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

internal static class TelemetryExport
{
    public const string SettingKey = "Telemetry:Export";
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// With <c>Telemetry:Export=false</c> (runs without a dashboard: the tests and benchmarks) the services get no OTLP
    /// endpoint, so they do not export at all. Otherwise every span, metric and log is sent to a port nobody listens on
    /// and retried, which cost measurable CPU in every benchmark.
    /// </summary>
    public static IResourceBuilder<T> WithTelemetryExportSetting<T>(this IResourceBuilder<T> resource, IConfiguration configuration)
        where T : IResourceWithEnvironment
    {
        if (configuration.GetValue(SettingKey, true))
        {
            return resource;
        }
        return resource.WithEnvironment(context => context.EnvironmentVariables.Remove(OtlpEndpointVariable));
    }
}
