using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

internal static class ConfigurationForwarding
{
    /// <summary>
    /// Passes every value under <paramref name="section"/> of the AppHost's configuration to the resource as environment
    /// variables (<c>:</c> becomes <c>__</c>). Keys keep their full path, or with <paramref name="relativeKeys"/> the path
    /// below the section, so a run, a test or a benchmark can tune a service without the AppHost naming each setting.
    /// </summary>
    public static IResourceBuilder<T> WithConfigurationSection<T>(this IResourceBuilder<T> resource, IConfiguration configuration,
        string section, bool relativeKeys = false)
        where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: relativeKeys))
        {
            if (value is not null)
            {
                resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return resource;
    }
}
