using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Ini;
using Microsoft.Extensions.FileProviders;

namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// <c>servers.ini</c> beside this file: the local servers' programs, the data folder and every fixed port of a run, the one
/// place they are written. <c>./nojor</c> reads the same file (to install what is missing, print the addresses and find
/// the editors' key), so the script and the AppHost cannot disagree about a path or a port.
/// </summary>
internal static class ServersFile
{
    public const string FileName = "servers.ini";

    /// <summary>
    /// Adds the file as the AppHost's lowest-priority configuration: <c>appsettings.json</c>, user secrets, the environment
    /// and <c>--Infra:PostgresPort=0</c> (the tests' isolated runs) all override what it says.
    /// </summary>
    public static IDistributedApplicationBuilder AddServersFile(this IDistributedApplicationBuilder builder)
    {
        var folder = Path.Combine(builder.AppHostDirectory, "Infrastructure");
        var source = new IniConfigurationSource { Path = FileName, Optional = false, FileProvider = new PhysicalFileProvider(folder) };
        builder.Configuration.Sources.Insert(0, source);
        return builder;
    }

    /// <summary>A path setting the file gives (<c>Infra:PostgresBin</c>); a run without it is refused rather than guessed.</summary>
    public static string Required(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{key} is not set: Nojor.AppHost/Infrastructure/{FileName} gives it.");
}
