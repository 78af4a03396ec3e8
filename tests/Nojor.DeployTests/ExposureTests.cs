using k8s.Models;
using Nojor.DeployTests.Checks;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests;

public sealed class ExposureTests
{
    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void Only_the_gateway_and_the_web_app_reach_the_services_and_only_the_gateway_reaches_the_web_app(string overlay) =>
        Assert.Empty(Exposure.ReachableBeyondPeers(Manifest.Parse(Kustomize.Render(overlay))));

    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void The_services_that_budget_readers_count_each_readers_forwarded_address(string overlay) =>
        Assert.Empty(Exposure.ReaderAddressesNotBelieved(Manifest.Parse(Kustomize.Render(overlay))));

    [Fact]
    public void A_service_that_would_count_every_reader_as_the_gateway_is_reported()
    {
        var manifest = Manifest.Production();
        var env = manifest.Container("notification-api").Env;
        env.Remove(env.Single(e => e.Name == "ASPNETCORE_FORWARDEDHEADERS_ENABLED"));

        Assert.Equal(["notification-api: the forwarded client address of the gateway and the web app is not believed"],
            Exposure.ReaderAddressesNotBelieved(manifest));
    }

    [Fact]
    public void A_policy_admitting_every_pod_of_the_namespace_to_a_service_is_reported()
    {
        var manifest = Manifest.Production();
        var open = new V1NetworkPolicy
        {
            Metadata = new() { Name = "debug", NamespaceProperty = "nojor" },
            Spec = new()
            {
                PodSelector = new() { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "feedback-api" } },
                PolicyTypes = ["Ingress"],
                Ingress = [new() { FromProperty = [new() { PodSelector = new() }] }],
            },
        };

        var problems = Exposure.ReachableBeyondPeers(new Manifest([.. manifest.Objects, open]));

        Assert.Contains("feedback-api: NetworkPolicy debug admits every pod of the namespace", problems);
        Assert.Contains("feedback-api: NetworkPolicy debug admits article-api", problems);
    }

    [Fact]
    public void A_policy_letting_the_services_call_the_web_app_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.NetworkPolicies.Single(p => p.Metadata.Name == "web-from-gateway").Spec.Ingress.Single().FromProperty.Single().PodSelector.MatchLabels.Clear();

        Assert.Contains("web: NetworkPolicy web-from-gateway admits every pod of the namespace", Exposure.ReachableBeyondPeers(manifest));
    }

    [Fact]
    public void A_missing_default_deny_policy_is_reported()
    {
        var manifest = Manifest.Production();
        var withoutDefault = new Manifest([.. manifest.Objects.Where(o => o is not V1NetworkPolicy { Metadata.Name: "default-deny-ingress" })]);

        Assert.Equal(["no default-deny ingress policy: pods no policy selects accept connections from anywhere"], Exposure.ReachableBeyondPeers(withoutDefault));
    }

    [Fact]
    public void The_gateway_is_exposed_through_an_ingress_with_tls() =>
        Assert.Empty(Exposure.IngressProblems(Manifest.Production()));

    [Fact]
    public void An_ingress_host_without_tls_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Ingresses.Single().Spec.Tls = null;

        Assert.Equal(["Ingress gateway: host nojor.example.com is served without TLS"], Exposure.IngressProblems(manifest));
    }

    [Fact]
    public void An_ingress_routing_around_the_gateway_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Ingresses.Single().Spec.Rules.Single().Http.Paths.Single().Backend.Service.Name = "article-api";

        Assert.Equal(["Ingress gateway: routes to article-api, not the gateway"], Exposure.IngressProblems(manifest));
    }

    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void Every_object_lands_in_the_platforms_namespace(string overlay) =>
        Assert.Empty(Exposure.OutsideNamespace(Manifest.Parse(Kustomize.Render(overlay))));

    [Fact]
    public void An_object_without_a_namespace_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.ConfigMaps.Single().Metadata.NamespaceProperty = null;

        Assert.Contains(Exposure.OutsideNamespace(manifest), p => p.StartsWith("ConfigMap nojor-settings", StringComparison.Ordinal) && p.EndsWith("'(the current one)'", StringComparison.Ordinal));
    }
}
