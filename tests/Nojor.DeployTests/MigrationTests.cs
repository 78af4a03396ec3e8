using Nojor.DeployTests.Checks;
using Nojor.DeployTests.Infrastructure;
using Nojor.Hosting;

namespace Nojor.DeployTests;

public sealed class MigrationTests
{
    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void Replicas_never_migrate_and_one_job_per_database_does(string overlay) =>
        Assert.Empty(Workloads.MigrationProblems(Manifest.Parse(Kustomize.Render(overlay))));

    [Fact]
    public void The_three_services_that_own_a_database_are_the_ones_checked() =>
        Assert.Equal(["article-api", "feedback-api", "notification-api"], Deployable.All.Where(d => d.MigratesDatabase).Select(d => d.Name));

    [Fact]
    public void A_deployment_whose_replicas_would_migrate_at_start_is_reported()
    {
        var manifest = Manifest.Production();
        var env = manifest.Container("feedback-api").Env;
        env.Remove(env.Single(e => e.Name == "Database__Migrate"));

        Assert.Equal(["feedback-api: its replicas migrate at start (Database__Migrate is unset, so true)"], Workloads.MigrationProblems(manifest));
    }

    [Fact]
    public void A_job_without_the_migrate_argument_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Job("article-api-migrate").Spec.Template.Spec.Containers.Single().Args = null;

        Assert.Equal(["Job article-api-migrate: does not pass --migrate, so it would serve instead of migrating"], Workloads.MigrationProblems(manifest));
    }

    [Fact]
    public void A_job_without_the_connection_strings_its_service_reads_at_start_is_reported()
    {
        var manifest = Manifest.Production();
        var env = manifest.Job("notification-api-migrate").Spec.Template.Spec.Containers.Single().Env;
        env.Remove(env.Single(e => e.Name == "ConnectionStrings__messaging"));

        Assert.Equal(["Job notification-api-migrate: ConnectionStrings__messaging has no value"], Workloads.MigrationProblems(manifest));
    }

    [Fact]
    public void A_job_that_its_service_would_send_traffic_to_is_reported()
    {
        var manifest = Manifest.Production();
        manifest.Job("article-api-migrate").Spec.Template.Metadata.Labels["app.kubernetes.io/name"] = "article-api";

        Assert.Equal(["Job article-api-migrate: Service article-api would send it traffic"], Workloads.MigrationProblems(manifest));
    }

    [Fact]
    public void Without_the_setting_a_service_migrates_and_then_serves_as_it_always_did_locally() =>
        Assert.Equal(DatabaseStartup.MigrateThenServe, MigrateDbContextExtensions.StartupFor([], Configuration([])));

    [Fact]
    public void With_the_setting_off_a_service_serves_without_touching_the_schema() =>
        Assert.Equal(DatabaseStartup.Serve, MigrateDbContextExtensions.StartupFor([], Configuration(new() { ["Database:Migrate"] = "false" })));

    [Fact]
    public void The_migrate_argument_migrates_without_serving_even_where_replicas_do_not_migrate() =>
        Assert.Equal(DatabaseStartup.MigrateOnly,
            MigrateDbContextExtensions.StartupFor(["--migrate"], Configuration(new() { ["Database:Migrate"] = "false" })));

    [Fact]
    public void The_setting_reaches_a_service_as_the_cluster_spells_it()
    {
        // Database__Migrate in the Deployment is Database:Migrate once the environment is read into configuration.
        Environment.SetEnvironmentVariable("NOJOR_DEPLOYTESTS_Database__Migrate", "false");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables("NOJOR_DEPLOYTESTS_").Build();
            Assert.Equal(DatabaseStartup.Serve, MigrateDbContextExtensions.StartupFor([], configuration));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOJOR_DEPLOYTESTS_Database__Migrate", null);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
