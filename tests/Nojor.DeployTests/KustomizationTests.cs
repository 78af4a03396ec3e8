using Nojor.DeployTests.Checks;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests;

public sealed class KustomizationTests
{
    [Fact]
    public void The_kustomizations_use_only_what_kubectl_1_20_understands()
    {
        var files = Kustomizations.Files();

        Assert.Equal(4, files.Count);
        Assert.Empty(files.SelectMany(file => Kustomizations.UnknownToKubectl120(file, Repository.Read(file))));
    }

    [Fact]
    public void A_field_only_newer_kustomize_knows_is_reported()
    {
        const string Kustomization = """
            resources:
            - deployment.yaml
            replicas:
            - name: web
              count: 2
            secretGenerator:
            - name: nojor-connections
              envs:
              - connections.env
            """;

        Assert.Equal(
            [
                "deploy/kubernetes/overlays/dev/kustomization.yaml: 'replicas' is unknown to kubectl 1.20's kustomize",
                "deploy/kubernetes/overlays/dev/kustomization.yaml: secretGenerator field 'envs' is unknown to kubectl 1.20's kustomize",
            ],
            Kustomizations.UnknownToKubectl120("deploy/kubernetes/overlays/dev/kustomization.yaml", Kustomization));
    }

    [Fact]
    public void A_folder_listed_under_resources_is_reported()
    {
        const string Kustomization = """
            resources:
            - ../../base
            """;

        Assert.Equal(["deploy/kubernetes/overlays/dev/kustomization.yaml: resource ../../base is a folder, which kubectl 1.20's kustomize reads only under 'bases'"],
            Kustomizations.UnknownToKubectl120("deploy/kubernetes/overlays/dev/kustomization.yaml", Kustomization));
    }

    [Fact]
    public void Both_overlays_render_every_kind_of_object_the_platform_needs()
    {
        var production = Manifest.Production();
        var dev = Manifest.Dev();

        Assert.Equal(5, production.Deployments.Count());
        Assert.Equal(5, production.Services.Count());
        Assert.Equal(3, production.Jobs.Count());
        Assert.Equal(5, production.Autoscalers.Count());
        Assert.Equal(5, production.DisruptionBudgets.Count());
        Assert.Single(production.Ingresses);
        Assert.Equal(5, dev.Deployments.Count());
        Assert.Empty(dev.Ingresses);
    }

    [Fact]
    public void The_secrets_folder_makes_the_connection_and_editor_secrets_from_its_templates()
    {
        Assert.Equal(["articledb", "cache", "feedbackdb", "messaging", "notificationdb"], SecretTemplates.KeysBySecret["nojor-connections"].Order());
        Assert.Equal(["EditorAuth__Audience", "EditorAuth__Authority", "EditorAuth__Issuer"], SecretTemplates.KeysBySecret["nojor-editor-auth"].Order());
    }
}
