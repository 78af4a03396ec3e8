using k8s.Models;
using Nojor.DeployTests.Checks;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests;

public sealed class ProbeTests
{
    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void Probes_ask_each_deployable_for_its_health_paths_on_the_port_its_image_listens_on(string overlay) =>
        Assert.Empty(Workloads.ProbeMismatches(Manifest.Parse(Kustomize.Render(overlay))));

    [Fact]
    public void The_health_paths_come_from_the_service_defaults()
    {
        Assert.Equal("/health", Workloads.HealthPath);
        Assert.Equal("/alive", Workloads.AlivePath);
    }

    [Fact]
    public void A_readiness_probe_on_another_path_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("feedback-api").ReadinessProbe.HttpGet.Path = "/healthz";

        Assert.Contains("feedback-api: readiness probe asks /healthz, the deployable serves /health for it", Workloads.ProbeMismatches(manifest));
    }

    [Fact]
    public void A_liveness_probe_on_a_port_the_image_does_not_listen_on_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("gateway").LivenessProbe.HttpGet.Port = (IntOrString)"5080";

        Assert.Contains("gateway: liveness probe asks port 5080, the deployable listens on 8080", Workloads.ProbeMismatches(manifest));
    }

    [Fact]
    public void A_container_port_other_than_the_images_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("web").Ports.Single().ContainerPort = 80;

        var problems = Workloads.ProbeMismatches(manifest);

        Assert.Contains(problems, p => p.StartsWith("web: no container port 8080", StringComparison.Ordinal));
        Assert.Contains("web: readiness probe asks port http, the deployable listens on 8080", problems);
    }

    [Fact]
    public void A_service_forwarding_to_another_port_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Service("article-api").Spec.Ports.Single().TargetPort = (IntOrString)"80";

        Assert.Contains("article-api: Service article-api port 80 forwards to 80, not to 8080", Workloads.ProbeMismatches(manifest));
    }
}
