using Microsoft.Extensions.Configuration;
using Nojor;
using Nojor.AppHost;
using Nojor.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infra = InfraModeResolver.Resolve(builder.Configuration) == InfraMode.Container
    ? builder.AddContainerInfra()
    : OperatingSystem.IsWindows()
        ? throw new PlatformNotSupportedException("Local infrastructure runs on Linux; use Infra:Mode=container on Windows.")
        : LocalInfra.AddLocalInfra(builder);

// Editors' JWTs are signed with this key locally (./nojor token mints one); production sets EditorAuth:Authority instead.
var editorSigningKey = builder.AddParameter(EditorSigningKeyParameter, secret: true);

var articleApi = builder.AddProject<Projects.Article_Api>(ResourceNames.ArticleApi)
    .WithHttpEndpoint()
    .WithReference(infra.ArticleDatabase).WaitFor(infra.ArticleDatabase)
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithReference(infra.Messaging).WaitFor(infra.Messaging)
    .WithEnvironment(EditorSigningKey, editorSigningKey)
    .WithHttpHealthCheck(ServiceHealth.Path);

var feedbackApi = builder.AddProject<Projects.Feedback_Api>(ResourceNames.FeedbackApi)
    .WithHttpEndpoint()
    .WithReference(infra.FeedbackDatabase).WaitFor(infra.FeedbackDatabase)
    .WithEnvironment(EditorSigningKey, editorSigningKey)
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithReference(infra.Messaging).WaitFor(infra.Messaging)
    .WithHttpHealthCheck(ServiceHealth.Path);

var notificationApi = builder.AddProject<Projects.Notification_Api>(ResourceNames.NotificationApi)
    .WithHttpEndpoint()
    .WithReference(infra.NotificationDatabase).WaitFor(infra.NotificationDatabase)
    .WithEnvironment(EditorSigningKey, editorSigningKey)
    // Local subscribers live on loopback; production keeps the SSRF guard on.
    .WithEnvironment("Webhooks__AllowPrivateTargets", builder.Configuration["Notifications:AllowPrivateWebhookTargets"] ?? "false")
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithReference(infra.Messaging).WaitFor(infra.Messaging)
    .WithHttpHealthCheck(ServiceHealth.Path);

// 0 or empty: any free port (the tests run several platforms side by side).
var gatewayPort = builder.Configuration.GetValue<int?>("Gateway:Port") is int port and > 0 ? port : (int?)null;
builder.AddProject<Projects.Nojor_Gateway>(ResourceNames.Gateway)
    .WithHttpEndpoint(port: gatewayPort)
    .WithExternalHttpEndpoints()
    .WithReference(articleApi).WaitFor(articleApi)
    .WithReference(feedbackApi).WaitFor(feedbackApi)
    .WithReference(notificationApi).WaitFor(notificationApi)
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithEnvironment(EditorSigningKey, editorSigningKey)
    .WithGatewaySettings(builder.Configuration)
    .WithHttpHealthCheck(ServiceHealth.Path);

builder.Build().Run();

internal static class ServiceHealth
{
    public const string Path = "/health";
}

internal static partial class Program
{
    private const string EditorSigningKeyParameter = "editor-signing-key";

    /// <summary>Configuration key (as an environment variable) of the editors' token signing key in every service.</summary>
    private const string EditorSigningKey = "EditorAuth__SigningKey";
}
