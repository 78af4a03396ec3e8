using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

/// <summary>
/// The one way the AppHost passes settings on to a process: under the key the process reads, as the README's settings
/// tables list it (<c>:</c> becomes <c>__</c> in the environment), never under another name. What the AppHost works out
/// itself (a key file, the mail sink's port) goes through <see cref="WithSetting(IResourceBuilder{BuiltProjectResource}, string, string)"/>;
/// what a run, a test or a benchmark tunes goes through <see cref="WithSettingsUnder"/>: every AppHost setting under one
/// of the process's own sections passes on unchanged, so <c>./nojor run --Webhooks:FirstRetryDelay=00:00:01</c> reaches
/// the notification service as <c>Webhooks:FirstRetryDelay</c>.
/// </summary>
/// <remarks>
/// Why this way: a key then means the same wherever it is given (the AppHost's command line, a service's appsettings.json,
/// a Kubernetes manifest), nobody learns a second name for a setting, and a new option needs no AppHost change. The
/// AppHost's own switches that sit in a process's section (<c>Articles:SecondInstance</c>, <c>Gateway:Port</c>) pass on
/// with it; the process binds no such key and ignores them.
/// </remarks>
internal static class Settings
{
    public static IResourceBuilder<BuiltProjectResource> WithSetting(this IResourceBuilder<BuiltProjectResource> resource, string key, string value) =>
        resource.WithEnvironment(EnvironmentName(key), value);

    /// <summary>A setting whose value is known only once the run starts (an endpoint's port).</summary>
    public static IResourceBuilder<BuiltProjectResource> WithSetting<TValue>(this IResourceBuilder<BuiltProjectResource> resource, string key, TValue value)
        where TValue : IValueProvider, IManifestExpressionProvider =>
        resource.WithEnvironment(EnvironmentName(key), value);

    /// <summary>Every value under <paramref name="sections"/> of the AppHost's configuration, under its own key.</summary>
    public static IResourceBuilder<BuiltProjectResource> WithSettingsUnder(this IResourceBuilder<BuiltProjectResource> resource,
        IConfiguration configuration, IEnumerable<string> sections)
    {
        foreach (var section in sections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    resource.WithSetting(key, value);
                }
            }
        }
        return resource;
    }

    /// <summary>
    /// Keys the README once documented for the AppHost under names no process reads, still honoured as the keys they
    /// stand for: <c>Notifications:Settings:&lt;key&gt;</c> is <c>&lt;key&gt;</c>, and
    /// <c>Notifications:AllowLoopbackWebhookTargets</c> is <c>Webhooks:AllowLoopbackTargets</c>. Given, they win over the
    /// defaults of <c>appsettings.json</c>.
    /// </summary>
    public static IDistributedApplicationBuilder AddRenamedSettings(this IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var renamed = configuration.GetSection("Notifications:Settings").AsEnumerable(makePathsRelative: true)
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key, setting => setting.Value, StringComparer.OrdinalIgnoreCase);
        if (configuration["Notifications:AllowLoopbackWebhookTargets"] is { } allowLoopback)
        {
            renamed["Webhooks:AllowLoopbackTargets"] = allowLoopback;
        }
        configuration.AddInMemoryCollection(renamed);
        return builder;
    }

    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
