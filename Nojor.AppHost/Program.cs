using Nojor;
using Nojor.AppHost;
using Nojor.AppHost.Infrastructure;

// What a run starts, top to bottom: the servers, the three services, the mail sink, the web app and the gateway. Every
// process is given what NojorProcesses gives it; settings pass on under their own keys (Settings.cs says why).
var builder = DistributedApplication.CreateBuilder(args)
    .AddServersFile()
    .AddRenamedSettings();

// PostgreSQL, Redis and RabbitMQ (containers where a Docker engine answers, local processes elsewhere), and the folder a
// run keeps what it must find again: the servers' data, the editors' signing key, the VAPID key, the mail.
var dataRoot = DataRoot.Resolve(builder);
var infra = builder.AddInfrastructure(dataRoot);
var nojor = new NojorProcesses(builder, infra, NojorProcesses.EditorSigningKeyFile(builder, dataRoot));

// The three services, each on its own database, with Platform:Replicas instances (or a second one nothing routes to, with
// the older *:SecondInstance settings: the tests prove with it that the scheduler publishes once, that cache invalidation
// reaches every instance, and that notification instances share consumers and deliveries without sending anything twice).
var articleApis = nojor.AddNojorService<Projects.Article_Api>(ResourceNames.ArticleApi, infra.ArticleDatabase,
    nojor.InstancesOf("Articles:SecondInstance"), ["Articles", .. ServiceSections]);

// Feedback keeps its aggregates in Redis, notification its alert backplane; the article service keeps nothing there.
var feedbackApis = nojor.AddNojorService<Projects.Feedback_Api>(ResourceNames.FeedbackApi, infra.FeedbackDatabase,
    nojor.Replicas, ["Feedback", .. ServiceSections], feedbackApi => feedbackApi.WithReference(infra.Cache).WaitFor(infra.Cache));

var gatewayPort = GatewaySettings.Port(builder.Configuration);
var mailSink = MailSink.Add(builder, dataRoot);
var notificationApis = nojor.AddNojorService<Projects.Notification_Api>(ResourceNames.NotificationApi, infra.NotificationDatabase,
    nojor.InstancesOf("Notifications:SecondInstance"),
    ["Webhooks", "Push", "Email", "Streams", "Alerts", "Subscriptions", "Retention", .. ServiceSections],
    notificationApi => notificationApi
        .WithReference(infra.Cache).WaitFor(infra.Cache)
        // Local subscribers live on loopback (Webhooks:AllowLoopbackTargets, on in appsettings.json). The service honours
        // that only in Development, which a local run is (the AppHost's own environment); production keeps loopback, like
        // every internal address, refused.
        .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
        // The VAPID key pair browsers' push subscriptions are bound to: one per data folder, created by the service on its
        // first start (Development only), kept like the editors' key and shared by every instance. A deployment mounts its own.
        .WithSetting("Push:VapidKeyFile", Path.Combine(dataRoot, "vapid-private-key.pem"))
        .WithEmailThrough(mailSink, gatewayPort));

// The instances the gateways and the web app route to: the first Platform:Replicas of each.
var routedArticleApis = articleApis[..nojor.Replicas];
var routedNotificationApis = notificationApis[..nojor.Replicas];

// The reader web app renders pages from the services' reads over service discovery (no second hop through the gateway);
// it starts beside them and shows its "temporarily unavailable" page until they answer. A second web instance proves a
// form served by one instance is accepted by another: locally both read the Data Protection key ring in the user's home
// folder, in Kubernetes the mounted Secret. It needs no database, so it does not wait for the first.
var webs = Replicas.AddInstances(ResourceNames.Web, nojor.InstancesOf("Web:SecondInstance"), name => nojor.AddNojorProcess<Projects.Nojor_Web>(
    name, ["Web", "Desk", .. SharedSections], web => web
        .WithReferences(routedArticleApis)
        .WithReferences(feedbackApis)
        .WithReferences(routedNotificationApis)
        // The newsroom desk's development sign-in mints the same editor tokens as ./nojor token, with the same key file; it
        // is on only in Development, which a local run (and the test fixture's) is: the AppHost's own environment decides.
        .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)), afterTheFirst: false);
var routedWebs = webs[..nojor.Replicas];

// The gateway starts last: it waits for every instance it routes to. The first has the public port, further ones take
// free ports; each binds its own queue of article events (which evict its cached reads) and counts its own budgets.
Replicas.AddInstances(ResourceNames.Gateway, nojor.Replicas, name => nojor.AddNojorProcess<Projects.Nojor_Gateway>(
        name, ["Gateway", .. SharedSections], gateway => gateway
            .WithExternalHttpEndpoints()
            .WithReferences(routedArticleApis, waitFor: true)
            .WithReferences(feedbackApis, waitFor: true)
            .WithReferences(routedNotificationApis, waitFor: true)
            .WithReferences(routedWebs, waitFor: true)
            .WithBroker(infra),
        port: name == ResourceNames.Gateway ? gatewayPort : null), afterTheFirst: false);

builder.Build().Run();

internal static partial class Program
{
    /// <summary>Sections of the code every web process shares (ServiceDefaults): editor sign-in, trusted proxies, request limits.</summary>
    private static readonly string[] SharedSections = ["EditorAuth", "ForwardedHeaders", "Kestrel:Limits"];

    /// <summary>What the three services share beyond that: the messaging library's outbox, and the migration switch.</summary>
    private static readonly string[] ServiceSections = [.. SharedSections, "Messaging:Outbox", "Database"];
}
