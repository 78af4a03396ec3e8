using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost.Infrastructure;

/// <summary>How PostgreSQL, Redis and RabbitMQ are run: as Aspire containers or as local server processes.</summary>
public enum InfraMode
{
    Container,
    Local,
}

public static class InfraModeResolver
{
    /// <summary>
    /// <c>Infra:Mode</c> = container | local | auto. Auto picks containers only when a container engine
    /// answers: without one, container resources never become healthy and everything waiting on them hangs.
    /// </summary>
    public static InfraMode Resolve(IConfiguration configuration)
    {
        var setting = configuration["Infra:Mode"] ?? "auto";
        return setting.ToLowerInvariant() switch
        {
            "container" => InfraMode.Container,
            "local" => InfraMode.Local,
            "auto" => ContainerEngineAnswers() ? InfraMode.Container : InfraMode.Local,
            _ => throw new InvalidOperationException($"Infra:Mode must be container, local or auto, not '{setting}'."),
        };
    }

    private static bool ContainerEngineAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The CLI is not installed at all.
            return false;
        }
    }
}
