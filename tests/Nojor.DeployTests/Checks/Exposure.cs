using k8s.Models;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests.Checks;

/// <summary>What can reach what: only the gateway from outside, the services only from the gateway and the web app.</summary>
internal static class Exposure
{
    /// <summary>Who may connect to each deployable, by Deployment name (the gateway's peers are outside the namespace).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedPeers = new Dictionary<string, string[]>
    {
        ["article-api"] = ["gateway", "web"],
        ["feedback-api"] = ["gateway", "web"],
        ["notification-api"] = ["gateway", "web"],
        ["web"] = ["gateway"],
    };

    /// <summary>
    /// A default-deny policy covers every pod, and every policy that lets connections into a service or the web app
    /// names only pods of its allowed peers (no namespace, address block or "from anywhere" rule).
    /// </summary>
    public static List<string> ReachableBeyondPeers(Manifest manifest)
    {
        var problems = new List<string>();
        if (!manifest.NetworkPolicies.Any(p => p.Spec.PodSelector.MatchLabels is null or { Count: 0 }
            && p.Spec.PodSelector.MatchExpressions is null or { Count: 0 }
            && (p.Spec.PolicyTypes ?? []).Contains("Ingress") && p.Spec.Ingress is null or { Count: 0 }))
        {
            problems.Add("no default-deny ingress policy: pods no policy selects accept connections from anywhere");
        }
        var pods = manifest.Deployments.ToDictionary(d => d.Metadata.Name, d => d.Spec.Template.Metadata.Labels);
        foreach (var (target, allowed) in AllowedPeers)
        {
            foreach (var policy in manifest.NetworkPolicies.Where(p => p.Spec.PodSelector.Matches(pods[target])))
            {
                foreach (var rule in policy.Spec.Ingress ?? [])
                {
                    if (rule.FromProperty is null or { Count: 0 })
                    {
                        problems.Add($"{target}: NetworkPolicy {policy.Metadata.Name} admits connections from anywhere");
                        continue;
                    }
                    foreach (var peer in rule.FromProperty)
                    {
                        if (peer.NamespaceSelector is not null || peer.IpBlock is not null || peer.PodSelector is null)
                        {
                            problems.Add($"{target}: NetworkPolicy {policy.Metadata.Name} admits peers outside the namespace's own pods");
                            continue;
                        }
                        var admitted = pods.Where(p => peer.PodSelector.Matches(p.Value)).Select(p => p.Key).ToList();
                        foreach (var stranger in admitted.Except(allowed))
                        {
                            problems.Add($"{target}: NetworkPolicy {policy.Metadata.Name} admits {stranger}");
                        }
                        if (peer.PodSelector.MatchLabels is null or { Count: 0 } && peer.PodSelector.MatchExpressions is null or { Count: 0 })
                        {
                            problems.Add($"{target}: NetworkPolicy {policy.Metadata.Name} admits every pod of the namespace");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /// <summary>The Ingress serves TLS for each host it routes, and routes to a port the gateway's Service has.</summary>
    public static List<string> IngressProblems(Manifest manifest)
    {
        var problems = new List<string>();
        var ingresses = manifest.Ingresses.ToList();
        if (ingresses.Count == 0)
        {
            problems.Add("no Ingress: the gateway is not reachable from outside");
        }
        var gateway = manifest.Service(Deployable.Gateway.Name);
        foreach (var ingress in ingresses)
        {
            var tlsHosts = (ingress.Spec.Tls ?? []).Where(t => !string.IsNullOrEmpty(t.SecretName)).SelectMany(t => t.Hosts ?? []).ToHashSet();
            foreach (var rule in ingress.Spec.Rules ?? [])
            {
                if (rule.Host is null || !tlsHosts.Contains(rule.Host))
                {
                    problems.Add($"Ingress {ingress.Metadata.Name}: host {rule.Host ?? "(any)"} is served without TLS");
                }
                foreach (var backend in (rule.Http?.Paths ?? []).Select(p => p.Backend.Service))
                {
                    if (backend?.Name != gateway.Metadata.Name)
                    {
                        problems.Add($"Ingress {ingress.Metadata.Name}: routes to {backend?.Name ?? "no Service"}, not the gateway");
                    }
                    else if (!gateway.Spec.Ports.Any(p => p.Name == backend.Port.Name && backend.Port.Name is not null || p.Port == backend.Port.Number))
                    {
                        problems.Add($"Ingress {ingress.Metadata.Name}: the gateway's Service has no port {backend.Port.Name ?? backend.Port.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                    }
                }
            }
        }
        return problems;
    }

    /// <summary>Everything namespaced lands in the platform's namespace (the references between objects assume it).</summary>
    public static List<string> OutsideNamespace(Manifest manifest) =>
        [.. manifest.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>()
            .Where(o => o is not V1Namespace && o.Metadata.NamespaceProperty != Manifest.Namespace)
            .Select(o => $"{o.Kind} {o.Metadata.Name} lands in namespace '{o.Metadata.NamespaceProperty ?? "(the current one)"}'")];

    /// <summary>The services that budget readers by their address (reader tokens, feedback writes, live streams).</summary>
    public static readonly IReadOnlyList<string> CountReaders = ["feedback-api", "notification-api"];

    /// <summary>
    /// Each service that budgets readers believes the X-Forwarded-For of its peers (which the policies above limit to the
    /// gateway and the web app): otherwise every reader counts as the gateway pod's address, one budget for all.
    /// </summary>
    public static List<string> ReaderAddressesNotBelieved(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var name in CountReaders)
        {
            var env = manifest.Container(name).Env ?? [];
            bool Has(string variable, Func<string?, bool> accepted) => env.Any(e => e.Name == variable && accepted(e.Value));
            if (!Has("ASPNETCORE_FORWARDEDHEADERS_ENABLED", v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase))
                && !Has("ForwardedHeaders__KnownNetworks__0", v => !string.IsNullOrEmpty(v))
                && !Has("ForwardedHeaders__KnownProxies__0", v => !string.IsNullOrEmpty(v)))
            {
                problems.Add($"{name}: the forwarded client address of the gateway and the web app is not believed");
            }
        }
        return problems;
    }
}
