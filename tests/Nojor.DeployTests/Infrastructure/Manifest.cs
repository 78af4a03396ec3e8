using k8s;
using k8s.Models;

namespace Nojor.DeployTests.Infrastructure;

/// <summary>The objects one rendered kustomization holds, parsed by the Kubernetes client library.</summary>
internal sealed class Manifest(IReadOnlyList<object> objects)
{
    public const string DevOverlay = "deploy/kubernetes/overlays/dev";
    public const string ProductionOverlay = "deploy/kubernetes/overlays/production";
    public const string Namespace = "nojor";

    public IReadOnlyList<object> Objects { get; } = objects;

    /// <summary>A fresh copy each call, so a test may break it without touching the others'.</summary>
    public static Manifest Production() => Parse(Kustomize.Render(ProductionOverlay));

    public static Manifest Dev() => Parse(Kustomize.Render(DevOverlay));

    public static Manifest Parse(string yaml) => new(KubernetesYaml.LoadAllFromString(yaml));

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public IEnumerable<V1Job> Jobs => Objects.OfType<V1Job>();

    public IEnumerable<V1Service> Services => Objects.OfType<V1Service>();

    public IEnumerable<V1ConfigMap> ConfigMaps => Objects.OfType<V1ConfigMap>();

    public IEnumerable<V1Secret> Secrets => Objects.OfType<V1Secret>();

    public IEnumerable<V2HorizontalPodAutoscaler> Autoscalers => Objects.OfType<V2HorizontalPodAutoscaler>();

    public IEnumerable<V1PodDisruptionBudget> DisruptionBudgets => Objects.OfType<V1PodDisruptionBudget>();

    public IEnumerable<V1NetworkPolicy> NetworkPolicies => Objects.OfType<V1NetworkPolicy>();

    public IEnumerable<V1Ingress> Ingresses => Objects.OfType<V1Ingress>();

    public V1Deployment Deployment(string name) => Deployments.Single(d => d.Metadata.Name == name);

    public V1Container Container(string deployment) => Deployment(deployment).Spec.Template.Spec.Containers.Single();

    public V1Job Job(string name) => Jobs.Single(j => j.Metadata.Name == name);

    public V1Service Service(string name) => Services.Single(s => s.Metadata.Name == name);

    /// <summary>The ConfigMap a reference names: generated ones carry a content hash, which kustomize writes into the references too.</summary>
    public V1ConfigMap? ConfigMap(string name) => ConfigMaps.SingleOrDefault(c => c.Metadata.Name == name);

    /// <summary>The pods each Deployment runs, by the labels of its template.</summary>
    public IEnumerable<(string Name, IDictionary<string, string> Labels)> PodLabels =>
        Deployments.Select(d => (d.Metadata.Name, d.Spec.Template.Metadata.Labels ?? new Dictionary<string, string>()))
            .Concat(Jobs.Select(j => (j.Metadata.Name, j.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>())));
}
