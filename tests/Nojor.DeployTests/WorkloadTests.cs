using k8s.Models;
using Nojor.DeployTests.Checks;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests;

public sealed class WorkloadTests
{
    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void Every_container_has_cpu_and_memory_requests_and_limits_and_every_deployment_probes_its_pods(string overlay) =>
        Assert.Empty(Workloads.MissingResourcesOrProbes(Manifest.Parse(Kustomize.Render(overlay))));

    [Fact]
    public void A_container_without_a_memory_limit_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("notification-api").Resources.Limits.Remove("memory");

        Assert.Contains("Deployment notification-api: container notification-api has no memory limit", Workloads.MissingResourcesOrProbes(manifest));
    }

    [Fact]
    public void A_migration_job_without_a_cpu_request_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Job("article-api-migrate").Spec.Template.Spec.Containers.Single().Resources.Requests.Remove("cpu");

        Assert.Contains("Job article-api-migrate: container migrate has no cpu request", Workloads.MissingResourcesOrProbes(manifest));
    }

    [Fact]
    public void A_deployment_without_a_liveness_probe_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("web").LivenessProbe = null;

        Assert.Contains("Deployment web: container web lacks a liveness probe", Workloads.MissingResourcesOrProbes(manifest));
    }

    [Fact]
    public void Every_production_deployment_has_a_disruption_budget() =>
        Assert.Empty(Workloads.WithoutDisruptionBudget(Manifest.Production()));

    [Fact]
    public void A_deployment_no_disruption_budget_selects_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.DisruptionBudgets.Single(b => b.Metadata.Name == "gateway").Spec.Selector.MatchLabels["app.kubernetes.io/name"] = "gateway-old";

        Assert.Equal(["Deployment gateway: no PodDisruptionBudget selects its pods"], Workloads.WithoutDisruptionBudget(manifest));
    }

    [Fact]
    public void Production_runs_at_least_two_replicas_of_everything_spread_across_nodes() =>
        Assert.Empty(Workloads.FewerThanTwoReplicas(Manifest.Production()));

    [Fact]
    public void An_autoscaler_allowing_a_single_replica_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Autoscalers.Single(a => a.Metadata.Name == "feedback-api").Spec.MinReplicas = 1;

        Assert.Equal(["HorizontalPodAutoscaler feedback-api: minimum 1 replica(s)"], Workloads.FewerThanTwoReplicas(manifest));
    }

    [Fact]
    public void A_production_deployment_stating_one_replica_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Deployment("web").Spec.Replicas = 1;

        Assert.Equal(["Deployment web: 1 replica(s)"], Workloads.FewerThanTwoReplicas(manifest));
    }

    [Fact]
    public void A_deployment_left_without_its_autoscaler_is_reported()
    {
        var manifest = Manifest.Parse(Kustomize.Render(Manifest.ProductionOverlay));
        var withoutAutoscaler = new Manifest([.. manifest.Objects.Where(o => o is not V2HorizontalPodAutoscaler { Metadata.Name: "article-api" })]);

        Assert.Equal(["Deployment article-api: no replica count and no autoscaler, so one replica"], Workloads.FewerThanTwoReplicas(withoutAutoscaler));
    }

    [Fact]
    public void Replicas_that_may_share_a_node_are_reported()
    {
        var manifest = Manifest.Production();
        manifest.Deployment("notification-api").Spec.Template.Spec.TopologySpreadConstraints = null;

        Assert.Equal(["Deployment notification-api: replicas are not spread across nodes"], Workloads.FewerThanTwoReplicas(manifest));
    }

    [Fact]
    public void The_dev_overlay_runs_one_replica_of_each_without_autoscaling()
    {
        var manifest = Manifest.Dev();

        Assert.All(manifest.Deployments, d => Assert.Equal(1, d.Spec.Replicas));
        Assert.Empty(manifest.Autoscalers);
    }

    [Theory]
    [InlineData(Manifest.ProductionOverlay, true)]
    [InlineData(Manifest.DevOverlay, false)]
    public void Images_are_the_repositories_the_publish_step_produces(string overlay, bool release) =>
        Assert.Empty(Workloads.ImageMismatches(Manifest.Parse(Kustomize.Render(overlay)), release));

    [Fact]
    public void An_image_other_than_the_projects_container_repository_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("feedback-api").Image = "registry.example.com/nojor/feedback:1.0.0";

        Assert.Contains("Deployment feedback-api: image registry.example.com/nojor/feedback:1.0.0, but services/Feedback.Api/Feedback.Api.csproj publishes nojor/feedback-api",
            Workloads.ImageMismatches(manifest, release: true));
    }

    [Fact]
    public void A_production_image_without_a_release_tag_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("gateway").Image = "registry.example.com/nojor/gateway:latest";

        Assert.Contains("Deployment gateway: image registry.example.com/nojor/gateway:latest names no release tag", Workloads.ImageMismatches(manifest, release: true));
    }

    [Fact]
    public void A_migration_job_on_another_release_than_its_service_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Job("notification-api-migrate").Spec.Template.Spec.Containers.Single().Image = "registry.example.com/nojor/notification-api:0.9.0";

        Assert.Contains("Job notification-api-migrate: migrates with registry.example.com/nojor/notification-api:0.9.0 while the Deployment runs registry.example.com/nojor/notification-api:1.0.0",
            Workloads.ImageMismatches(manifest, release: true));
    }

    [Fact]
    public void A_pod_running_as_another_user_than_the_images_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Deployment("article-api").Spec.Template.Spec.SecurityContext.RunAsUser = 0;

        Assert.Contains("Deployment article-api: does not run as the image's non-root user 1654", Workloads.ImageMismatches(manifest, release: true));
    }

    [Fact]
    public void Pods_get_time_to_finish_in_flight_work_before_they_are_killed() =>
        Assert.Empty(Workloads.ShutdownCutShort(Manifest.Production()));

    [Fact]
    public void A_grace_period_shorter_than_the_pause_and_the_shutdown_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Deployment("gateway").Spec.Template.Spec.TerminationGracePeriodSeconds = 30;

        Assert.Equal(["gateway: killed after 30 s, but it may pause 5 s and take 30 s to stop"], Workloads.ShutdownCutShort(manifest));
    }

    [Fact]
    public void A_notification_shutdown_shorter_than_a_webhook_attempt_and_the_bus_stop_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("notification-api").Env.Single(e => e.Name == "DOTNET_SHUTDOWNTIMEOUTSECONDS").Value = "15";

        Assert.Equal(["notification-api: stops within 15 s, but an attempt on the wire and the bus's stop take up to 25 s"], Workloads.ShutdownCutShort(manifest));
    }
}
