using Microsoft.Extensions.Configuration;
using Nojor;
using Nojor.AppHost;
using Nojor.AppHost.Infrastructure;
using Nojor.Authentication;

var builder = DistributedApplication.CreateBuilder(args);

var dataRoot = DataRoot.Resolve(builder);
var infra = InfraModeResolver.Resolve(builder.Configuration) == InfraMode.Container
    ? builder.AddContainerInfra()
    : OperatingSystem.IsWindows()
        ? throw new PlatformNotSupportedException("Local infrastructure runs on Linux; use Infra:Mode=container on Windows.")
        : LocalInfra.AddLocalInfra(builder, dataRoot);

// Editors' JWTs are signed locally with the data folder's own random key (./nojor token signs with the same file), or
// with Parameters:editor-signing-key when one is given (user-secrets, a test). Services get the file, not the value:
// the key then shows in no environment listing, and they read it the way a deployment reads a mounted secret.
var editorSigningKeyFile = builder.Configuration[$"Parameters:{EditorSigningKeyParameter}"] is { Length: > 0 } givenKey
    ? LocalSigningKey.Keep(dataRoot, givenKey)
    : LocalSigningKey.Ensure(dataRoot);

// Demo content on for the run command; the test fixture turns it off.
var seedDemoContent = builder.Configuration.GetValue("Articles:SeedDemoContent", true);
IResourceBuilder<BuiltProjectResource> AddArticleApi(string name) => builder.AddBuiltProject<Projects.Article_Api>(name)
    .WithDirectHttpEndpoint()
    .WithReference(infra.ArticleDatabase).WaitFor(infra.ArticleDatabase)
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithBroker(infra)
    .WithEnvironment(EditorSigningKeyFile, editorSigningKeyFile)
    .WithEnvironment("Articles__SeedDemoContent", seedDemoContent ? "true" : "false")
    .WithHttpHealthCheck(ServiceHealth.Path)
    .WithTelemetryExportSetting(builder.Configuration);

// Platform:Replicas instances of every service, the web app and the gateway, on the same databases, cache and broker;
// every gateway and web instance reaches every service instance. The older *:SecondInstance settings add a second
// instance that nothing routes to (tests reach it directly); with two replicas or more it is the routed second one.
var replicas = Replicas.Read(builder.Configuration);
int InstancesOf(string secondInstanceSetting) =>
    Math.Max(replicas, builder.Configuration.GetValue(secondInstanceSetting, false) ? 2 : 1);

// Each instance after the first starts once the first is healthy (Replicas.AddInstances: the migration race). With a
// second instance the tests prove the scheduler publishes once and cache invalidation reaches every instance.
var articleApis = Replicas.AddInstances(ResourceNames.ArticleApi, InstancesOf("Articles:SecondInstance"), AddArticleApi);

var feedbackApis = Replicas.AddInstances(ResourceNames.FeedbackApi, replicas, name => builder.AddBuiltProject<Projects.Feedback_Api>(name)
    .WithDirectHttpEndpoint()
    .WithReference(infra.FeedbackDatabase).WaitFor(infra.FeedbackDatabase)
    .WithEnvironment(EditorSigningKeyFile, editorSigningKeyFile)
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithBroker(infra)
    .WithHttpHealthCheck(ServiceHealth.Path)
    .WithTelemetryExportSetting(builder.Configuration));

// The gateway's port is chosen before the services: e-mails carry links to the reader pages behind it.
var gatewayPort = builder.Configuration.GetValue<int?>("Gateway:Port") is int port and > 0 ? port : FreePorts.Next();
var mailSink = MailSink.Add(builder, dataRoot);

IResourceBuilder<BuiltProjectResource> AddNotificationApi(string name) => builder.AddBuiltProject<Projects.Notification_Api>(name)
    .WithDirectHttpEndpoint()
    .WithReference(infra.NotificationDatabase).WaitFor(infra.NotificationDatabase)
    .WithEnvironment(EditorSigningKeyFile, editorSigningKeyFile)
    // Local subscribers live on loopback. The service honours that only in Development, which a local run is (the
    // AppHost's own environment); production keeps loopback, like every internal address, refused.
    .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
    .WithEnvironment("Webhooks__AllowLoopbackTargets", builder.Configuration["Notifications:AllowLoopbackWebhookTargets"] ?? "false")
    // The VAPID key pair browsers' push subscriptions are bound to: one per data folder, created by the service on its first
    // start (Development only), kept like the editors' key and shared by both instances. A deployment mounts its own.
    .WithEnvironment("Push__VapidKeyFile", Path.Combine(dataRoot, "vapid-private-key.pem"))
    .WithEmailThrough(mailSink, gatewayPort)
    .WithNotificationSettings(builder.Configuration)
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithBroker(infra)
    .WithHttpHealthCheck(ServiceHealth.Path)
    .WithTelemetryExportSetting(builder.Configuration);

// With a second instance on the same database, queues and backplane the tests prove the instances share consumers and
// deliveries without sending anything twice, and streams reach either one.
var notificationApis = Replicas.AddInstances(ResourceNames.NotificationApi, InstancesOf("Notifications:SecondInstance"), AddNotificationApi);

// The instances the gateways and the web app route to: the first Platform:Replicas of each.
var routedArticleApis = articleApis[..replicas];
var routedNotificationApis = notificationApis[..replicas];

// The reader web app renders pages from the services' reads over service discovery (no second hop through the
// gateway); it starts beside them and shows its "temporarily unavailable" page until they answer.
IResourceBuilder<BuiltProjectResource> AddWeb(string name) => builder.AddBuiltProject<Projects.Nojor_Web>(name)
    .WithDirectHttpEndpoint()
    .WithReferences(routedArticleApis)
    .WithReferences(feedbackApis)
    .WithReferences(routedNotificationApis)
    // The newsroom desk's development sign-in mints the same editor tokens as ./nojor token, with the same key file; it is
    // on only in Development, which a local run (and the test fixture's) is: the AppHost's own environment decides.
    .WithEnvironment(EditorSigningKeyFile, editorSigningKeyFile)
    .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
    .WithHttpHealthCheck(ServiceHealth.Path)
    .WithTelemetryExportSetting(builder.Configuration);

// A second web instance proves a form served by one instance is accepted by another: locally both read the Data
// Protection key ring in the user's home folder, in Kubernetes the mounted Secret. It needs no database, so it does not wait.
var webs = Replicas.AddInstances(ResourceNames.Web, InstancesOf("Web:SecondInstance"), AddWeb, afterTheFirst: false);
var routedWebs = webs[..replicas];

// The first gateway has the public port; further ones take free ports. Each binds its own queue of article events, so
// each evicts its own cache, and counts its own budgets.
Replicas.AddInstances(ResourceNames.Gateway, replicas, name => builder.AddBuiltProject<Projects.Nojor_Gateway>(name)
    .WithDirectHttpEndpoint(name == ResourceNames.Gateway ? gatewayPort : (int?)null)
    .WithExternalHttpEndpoints()
    .WithReferences(routedArticleApis, waitFor: true)
    .WithReferences(feedbackApis, waitFor: true)
    .WithReferences(routedNotificationApis, waitFor: true)
    .WithReferences(routedWebs, waitFor: true)
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    // Article events evict the gateway's cached reads.
    .WithReference(infra.Messaging)
    .WithEnvironment(EditorSigningKeyFile, editorSigningKeyFile)
    .WithGatewaySettings(builder.Configuration)
    .WithHttpHealthCheck(ServiceHealth.Path)
    .WithTelemetryExportSetting(builder.Configuration), afterTheFirst: false);

builder.Build().Run();

internal static class ServiceHealth
{
    public const string Path = "/health";
}

internal static partial class Program
{
    private const string EditorSigningKeyParameter = "editor-signing-key";

    /// <summary>Configuration key (as an environment variable) of the file holding the editors' token signing key in every service.</summary>
    private const string EditorSigningKeyFile = "EditorAuth__SigningKeyFile";
}
