using System.Reflection;
using System.Runtime.Versioning;

namespace Nojor.AppHost;

/// <summary>
/// One of this repository's .NET projects run from its build output: the project's own executable, started by the
/// orchestrator directly. A project resource is started through <c>dotnet run --no-build</c>, which stays resident beside
/// the service for as long as it runs (tens of MB each, one per service instance) and adds its own start-up to every
/// start; the AppHost already builds every project it references, so nothing is gained by the wrapper.
/// </summary>
/// <remarks>
/// Service discovery, references, health checks and telemetry work as they do for a project: the resource is an executable
/// that other resources can reference by name.
/// </remarks>
public sealed class BuiltProjectResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery;

internal static class BuiltProjects
{
    /// <summary>
    /// Adds <typeparamref name="TProject"/> as <see cref="BuiltProjectResource"/>, run from the output folder of the
    /// AppHost's own configuration (a Release build of the AppHost, as the benchmarks make, runs Release services), with the
    /// working directory <c>dotnet run</c> gives it (the project folder: the content root with its appsettings and
    /// wwwroot) and the environment Aspire gives a project.
    /// </summary>
    public static IResourceBuilder<BuiltProjectResource> AddBuiltProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var projectPath = new TProject().ProjectPath;
        var projectFolder = Path.GetDirectoryName(projectPath)!;
        var executable = Path.Combine(projectFolder, "bin", Configuration, TargetFramework, Path.GetFileNameWithoutExtension(projectPath));
        if (builder.ExecutionContext.IsRunMode && !File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"{name}: {executable} does not exist. Build the AppHost (it builds every project it runs) in the same configuration first.");
        }

        return builder.AddResource(new BuiltProjectResource(name, executable, projectFolder))
            .WithOtlpExporter()
            // What Aspire sets for a project beyond the OTLP exporter: console logs without colour codes in the dashboard,
            // URLs with their query strings in traces, and exports retried from memory while the dashboard starts.
            .WithEnvironment("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION", "true")
            .WithEnvironment("LOGGING__CONSOLE__FORMATTERNAME", "simple")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION", "true")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION", "true")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
    }

    /// <summary>
    /// The HTTP endpoint the service binds itself (<c>ASPNETCORE_URLS</c>), without the orchestrator's proxy in front of
    /// it. Every request through that proxy paid an extra loopback hop (and the gateway's paid two); we run one process per
    /// instance, so the proxy's replica balancing is not needed.
    /// </summary>
    public static IResourceBuilder<BuiltProjectResource> WithDirectHttpEndpoint(this IResourceBuilder<BuiltProjectResource> project, int? port = null)
    {
        var chosen = port ?? Infrastructure.FreePorts.Next();
        return project.WithHttpEndpoint(port: chosen, targetPort: chosen, isProxied: false)
            .WithEnvironment("ASPNETCORE_URLS", project.GetEndpoint("http").Property(EndpointProperty.Url));
    }

    private static string Configuration =>
        typeof(BuiltProjects).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The AppHost's own target framework folder name (<c>net10.0</c>): every project in the repository shares it.</summary>
    private static string TargetFramework =>
        typeof(BuiltProjects).Assembly.GetCustomAttribute<TargetFrameworkAttribute>() is { } attribute
            ? "net" + new FrameworkName(attribute.FrameworkName).Version.ToString(2)
            : throw new InvalidOperationException("The AppHost assembly names no target framework.");
}
