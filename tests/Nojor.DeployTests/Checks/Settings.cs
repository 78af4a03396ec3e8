using k8s.Models;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests.Checks;

/// <summary>Whether every setting a deployable needs at start reaches its container, and from where.</summary>
internal static class Settings
{
    /// <summary>
    /// What a deployable cannot start (or cannot work in a cluster) without, as environment variable names: its
    /// connection strings, the editor sign-in of an OIDC issuer, the addresses it finds by service discovery, required
    /// options without a default, and every setting whose default names localhost.
    /// </summary>
    public static IReadOnlyList<string> RequiredAtStart(Deployable deployable)
    {
        var required = new List<string>();
        required.AddRange(deployable.ConnectionNames.Select(name => "ConnectionStrings__" + name));
        if (deployable.UsesEditorAuthentication)
        {
            required.AddRange(["EditorAuth__Authority", "EditorAuth__Issuer", "EditorAuth__Audience"]);
        }
        required.AddRange(deployable.DiscoveredServices.Select(host => $"services__{host}__http__0"));
        required.AddRange(deployable.RequiredOptionsWithoutDefault.Select(EnvironmentName));
        required.AddRange(deployable.LocalhostSettings.Select(EnvironmentName));
        return [.. required.Distinct(StringComparer.Ordinal)];
    }

    public static string EnvironmentName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Settings of <see cref="RequiredAtStart"/> that the production overlay leaves without a value.</summary>
    public static List<string> WithoutValue(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var deployable in Deployable.All)
        {
            var deployment = manifest.Deployments.SingleOrDefault(d => d.Metadata.Name == deployable.Name);
            if (deployment is null)
            {
                problems.Add($"{deployable}: no Deployment");
                continue;
            }
            var container = deployment.Spec.Template.Spec.Containers.Single();
            foreach (var setting in RequiredAtStart(deployable))
            {
                var value = Resolve(manifest, container, setting);
                if (value.Problem is not null)
                {
                    problems.Add($"{deployable}: {setting} {value.Problem}");
                }
                else if (value.Literal?.Contains("localhost", StringComparison.OrdinalIgnoreCase) == true)
                {
                    problems.Add($"{deployable}: {setting} is '{value.Literal}', this machine's address, not the cluster's");
                }
            }
        }
        return problems;
    }

    /// <summary>
    /// Where a container's variable gets its value: a literal, a ConfigMap key in the manifest, a key the secret templates
    /// declare, the downward API; or why it gets none. The last definition wins, as in Kubernetes.
    /// </summary>
    public static (string? Literal, string? Problem) Resolve(Manifest manifest, V1Container container, string name)
    {
        var entry = (container.Env ?? []).LastOrDefault(e => e.Name == name);
        if (entry is not null)
        {
            return FromEntry(manifest, entry);
        }
        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? "";
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var key = name[prefix.Length..];
            if (source.SecretRef is { } secret && secret.Optional != true && SecretTemplates.Declares(secret.Name, key))
            {
                return (null, null);
            }
            if (source.ConfigMapRef is { } map && manifest.ConfigMap(map.Name)?.Data?.TryGetValue(key, out var text) == true && text.Length > 0)
            {
                return (text, null);
            }
        }
        return (null, "has no value");
    }

    private static (string? Literal, string? Problem) FromEntry(Manifest manifest, V1EnvVar entry)
    {
        if (entry.ValueFrom is null)
        {
            return string.IsNullOrEmpty(entry.Value) ? (null, "is empty") : (entry.Value, null);
        }
        if (entry.ValueFrom.ConfigMapKeyRef is { } mapKey)
        {
            var map = manifest.ConfigMap(mapKey.Name);
            if (map is null)
            {
                return (null, $"refers to ConfigMap {mapKey.Name}, which the overlay does not hold");
            }
            return map.Data?.TryGetValue(mapKey.Key, out var text) == true && text.Length > 0
                ? (text, null)
                : (null, $"refers to key {mapKey.Key} of ConfigMap {mapKey.Name}, which is missing or empty");
        }
        if (entry.ValueFrom.SecretKeyRef is { } secretKey)
        {
            if (secretKey.Optional == true)
            {
                return (null, $"is optional (Secret {secretKey.Name}): the process would start without it");
            }
            return SecretTemplates.Declares(secretKey.Name, secretKey.Key)
                ? (null, null)
                : (null, $"refers to key {secretKey.Key} of Secret {secretKey.Name}, which {SecretTemplates.Folder} does not make");
        }
        return (null, null);
    }

    /// <summary>
    /// Every services__&lt;name&gt;__http__&lt;n&gt; address names a Service of the overlay on one of its ports, and that
    /// Service selects the pods of the Deployment of the same name, as Aspire's names mean locally.
    /// </summary>
    public static List<string> DiscoveryWithoutService(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var deployment in manifest.Deployments)
        {
            foreach (var entry in deployment.Spec.Template.Spec.Containers.SelectMany(c => c.Env ?? []))
            {
                var parts = entry.Name.Split("__");
                if (parts is not ["services", var logical, "http", _])
                {
                    continue;
                }
                if (!Uri.TryCreate(entry.Value, UriKind.Absolute, out var address))
                {
                    problems.Add($"{deployment.Metadata.Name}: {entry.Name} is not an address: '{entry.Value}'");
                    continue;
                }
                var service = manifest.Services.SingleOrDefault(s => s.Metadata.Name == address.Host);
                if (service is null)
                {
                    problems.Add($"{deployment.Metadata.Name}: {entry.Name} names host {address.Host}, and no Service has that name");
                    continue;
                }
                if (!service.Spec.Ports.Any(p => p.Port == address.Port))
                {
                    problems.Add($"{deployment.Metadata.Name}: {entry.Name} uses port {address.Port}, which Service {service.Metadata.Name} does not offer");
                }
                var target = manifest.Deployments.SingleOrDefault(d => d.Metadata.Name == logical);
                if (target is null || !service.Spec.Selector.Matches(target.Spec.Template.Metadata.Labels))
                {
                    problems.Add($"{deployment.Metadata.Name}: Service {service.Metadata.Name} does not select the pods of Deployment {logical}");
                }
            }
        }
        return problems;
    }
}
