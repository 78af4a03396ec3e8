using System.Text;
using k8s.Models;
using Nojor.DeployTests.Checks;
using Nojor.DeployTests.Infrastructure;

namespace Nojor.DeployTests;

public sealed class SecretTests
{
    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void No_overlay_carries_a_secret_or_a_credential_written_into_a_manifest(string overlay) =>
        Assert.Empty(Secrets.InOverlay(Manifest.Parse(Kustomize.Render(overlay))));

    [Fact]
    public void Committed_files_under_deploy_hold_only_placeholders_where_secret_values_go() =>
        Assert.Empty(Secrets.InTrackedFiles());

    [Fact]
    public void The_files_the_secrets_are_made_from_are_ignored_by_git() =>
        Assert.Empty(Secrets.UnignoredInputs());

    [Theory]
    [InlineData(Manifest.ProductionOverlay)]
    [InlineData(Manifest.DevOverlay)]
    public void Every_secret_an_overlay_names_is_one_the_secrets_folder_makes(string overlay)
    {
        var manifest = Manifest.Parse(Kustomize.Render(overlay));
        var pods = manifest.Deployments.Select(d => d.Spec.Template.Spec).Concat(manifest.Jobs.Select(j => j.Spec.Template.Spec)).ToList();
        var named = pods.SelectMany(p => p.Containers)
            .SelectMany(c => (c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name).Concat((c.EnvFrom ?? []).Select(e => e.SecretRef?.Name)))
            .Concat(pods.SelectMany(p => (p.Volumes ?? []).Select(v => v.Secret?.SecretName)))
            .OfType<string>()
            .Distinct()
            .ToList();

        Assert.Equal(["nojor-connections", "nojor-editor-auth", "nojor-notification-keys", "nojor-push-vapid", "nojor-web-dataprotection"], named.Order());
        Assert.All(named, name => Assert.True(SecretTemplates.Exists(name), $"{name} is not made by {SecretTemplates.Folder}"));
    }

    [Fact]
    public void A_secret_object_in_an_overlay_is_reported()
    {
        var manifest = Manifest.Production();
        var withSecret = new Manifest([.. manifest.Objects, new V1Secret { Metadata = new() { Name = "nojor-connections", NamespaceProperty = "nojor" }, StringData = new Dictionary<string, string> { ["cache"] = "redis:6379" } }]);

        Assert.Equal(["Secret nojor-connections is part of the overlay, so its values are committed"], Secrets.InOverlay(withSecret));
    }

    [Fact]
    public void A_connection_string_written_into_a_deployment_is_reported()
    {
        var manifest = Manifest.Production();
        var entry = manifest.Container("article-api").Env.Single(e => e.Name == "ConnectionStrings__articledb");
        entry.ValueFrom = null;
        entry.Value = "Host=pg;Database=articledb;Username=article;Password=Tr0ub4dor&3";

        Assert.Equal(["article-api: ConnectionStrings__articledb is written into the manifest instead of read from a Secret"], Secrets.InOverlay(manifest));
    }

    [Fact]
    public void A_committed_secret_manifest_with_a_real_looking_password_is_reported()
    {
        const string Manifest = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: nojor-connections
            stringData:
              messaging: amqps://nojor:s3cr3t-Pa55@rabbitmq:5671/
              cache: redis:6380,password=<password>,ssl=True
            """;

        Assert.Equal(["deploy/kubernetes/examples/leak.yaml: Secret key messaging holds 's3cr3t-Pa55'"], Secrets.InFile("deploy/kubernetes/examples/leak.yaml", Manifest));
    }

    [Fact]
    public void A_committed_secret_with_a_base64_encoded_key_is_reported()
    {
        var manifest = $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: nojor-editor-auth
            data:
              EditorAuth__SigningKey: {Convert.ToBase64String(Encoding.UTF8.GetBytes("k8Yw2rQ9fT4mZp7LxN3vB6cH1jS5dG0a"))}
            """;

        Assert.Equal(["deploy/kubernetes/base/auth.yaml: Secret key EditorAuth__SigningKey holds 'k8Yw2rQ9fT4mZp7LxN3vB6cH1jS5dG0a'"],
            Secrets.InFile("deploy/kubernetes/base/auth.yaml", manifest));
    }

    [Fact]
    public void A_template_line_with_a_real_looking_password_is_reported()
    {
        const string Template = """
            # Copy to connections.env.
            articledb=Host=<postgres-host>;Database=articledb;Username=article;Password=<password>
            feedbackdb=Host=pg;Database=feedbackdb;Username=feedback;Password=hunter2;SSL Mode=Require
            """;

        Assert.Equal(["deploy/kubernetes/secrets/connections.env.example: feedbackdb holds 'hunter2'"],
            Secrets.InFile("deploy/kubernetes/secrets/connections.env.example", Template));
    }

    [Fact]
    public void A_signing_key_in_a_template_is_reported_while_the_issuer_next_to_it_is_not()
    {
        const string Template = """
            EditorAuth__Issuer=https://login.example.com/realms/nojor
            EditorAuth__SigningKey=nojor-local-development-signing-key-change-me
            """;

        Assert.Equal(["deploy/kubernetes/secrets/editor-auth.env.example: EditorAuth__SigningKey holds 'nojor-local-development-signing-key-change-me'"],
            Secrets.InFile("deploy/kubernetes/secrets/editor-auth.env.example", Template));
    }

    [Fact]
    public void A_base64_key_in_a_template_is_reported_although_it_ends_in_an_equals_sign()
    {
        const string Template = "EditorAuth__SigningKey=q3Jd8f0Kp2mX7vB1nL5cR9tY4wZ6hG0sA2eU8iO3kM0=";

        Assert.Equal(["deploy/kubernetes/secrets/editor-auth.env.example: EditorAuth__SigningKey holds 'q3Jd8f0Kp2mX7vB1nL5cR9tY4wZ6hG0sA2eU8iO3kM0='"],
            Secrets.InFile("deploy/kubernetes/secrets/editor-auth.env.example", Template));
    }
}
