using k8s.Models;
using Nojor.DeployTests.Checks;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests;

public sealed class SettingsTests
{
    [Fact]
    public void Every_setting_a_deployable_reads_at_start_has_a_value_in_the_production_overlay() =>
        Assert.Empty(Settings.WithoutValue(Manifest.Production()));

    [Fact]
    public void The_settings_read_at_start_are_found_in_each_deployables_code_and_settings()
    {
        // Without these the check above would pass on nothing: the scan must see what the code reads today.
        Assert.Subset(Settings.RequiredAtStart(Deployable.ArticleApi).ToHashSet(),
            new HashSet<string> { "ConnectionStrings__articledb", "ConnectionStrings__messaging", "EditorAuth__Authority", "Articles__PublicBaseUrl" });
        Assert.Subset(Settings.RequiredAtStart(Deployable.FeedbackApi).ToHashSet(),
            new HashSet<string> { "ConnectionStrings__feedbackdb", "ConnectionStrings__cache", "ConnectionStrings__messaging", "EditorAuth__Issuer" });
        Assert.Subset(Settings.RequiredAtStart(Deployable.NotificationApi).ToHashSet(),
            new HashSet<string> { "ConnectionStrings__notificationdb", "ConnectionStrings__cache", "ConnectionStrings__messaging", "EditorAuth__Audience" });
        Assert.Subset(Settings.RequiredAtStart(Deployable.Gateway).ToHashSet(),
            new HashSet<string> { "ConnectionStrings__messaging", "services__article-api__http__0", "services__web__http__0", "Gateway__Cors__AllowedOrigins__0" });
        Assert.Subset(Settings.RequiredAtStart(Deployable.Web).ToHashSet(),
            new HashSet<string> { "services__article-api__http__0", "services__feedback-api__http__0", "services__notification-api__http__0" });
    }

    [Fact]
    public void A_connection_string_missing_from_a_deployment_is_reported()
    {
        var manifest = Manifest.Production();
        var env = manifest.Container("article-api").Env;
        env.Remove(env.Single(e => e.Name == "ConnectionStrings__articledb"));

        Assert.Contains("article-api: ConnectionStrings__articledb has no value", Settings.WithoutValue(manifest));
    }

    [Fact]
    public void A_secret_key_that_the_secret_templates_do_not_make_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("feedback-api").Env.Single(e => e.Name == "ConnectionStrings__feedbackdb").ValueFrom.SecretKeyRef.Key = "feedback";

        Assert.Contains(Settings.WithoutValue(manifest), p => p.StartsWith("feedback-api: ConnectionStrings__feedbackdb refers to key feedback", StringComparison.Ordinal));
    }

    [Fact]
    public void An_optional_secret_does_not_count_as_a_value()
    {
        var manifest = Manifest.Production();
        manifest.Container("notification-api").Env.Single(e => e.Name == "ConnectionStrings__messaging").ValueFrom.SecretKeyRef.Optional = true;

        Assert.Contains(Settings.WithoutValue(manifest), p => p.StartsWith("notification-api: ConnectionStrings__messaging is optional", StringComparison.Ordinal));
    }

    [Fact]
    public void Editor_sign_in_missing_from_a_deployment_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("gateway").EnvFrom.Clear();

        Assert.Contains("gateway: EditorAuth__Authority has no value", Settings.WithoutValue(manifest));
    }

    [Fact]
    public void A_setting_that_still_names_localhost_in_production_is_reported()
    {
        var manifest = Manifest.Production();
        var entry = manifest.Container("article-api").Env.Single(e => e.Name == "Articles__PublicBaseUrl");
        entry.ValueFrom = null;
        entry.Value = "http://localhost:5080";

        Assert.Contains(Settings.WithoutValue(manifest), p => p.StartsWith("article-api: Articles__PublicBaseUrl is 'http://localhost:5080'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_from_a_configmap_key_the_overlay_lacks_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.ConfigMaps.Single(c => c.Metadata.Name.StartsWith("nojor-settings", StringComparison.Ordinal)).Data.Remove("reader-origin");

        Assert.Contains(Settings.WithoutValue(manifest), p => p.StartsWith("gateway: Gateway__Cors__AllowedOrigins__0 refers to key reader-origin", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void Service_discovery_addresses_name_services_that_select_the_pods_of_that_name(string overlay) =>
        Assert.Empty(Settings.DiscoveryWithoutService(Manifest.Parse(Kustomize.Render(overlay))));

    [Fact]
    public void A_discovery_address_naming_no_service_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Container("web").Env.Single(e => e.Name == "services__feedback-api__http__0").Value = "http://feedback:80";

        Assert.Contains("web: services__feedback-api__http__0 names host feedback, and no Service has that name", Settings.DiscoveryWithoutService(manifest));
    }

    [Fact]
    public void A_service_selecting_other_pods_than_its_name_says_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Service("notification-api").Spec.Selector["app.kubernetes.io/name"] = "feedback-api";

        Assert.Contains("gateway: Service notification-api does not select the pods of Deployment notification-api", Settings.DiscoveryWithoutService(manifest));
    }
}
