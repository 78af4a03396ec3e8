using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// Runs PostgreSQL, Redis and RabbitMQ as local processes for machines without a container engine, under the same
/// resource and connection-string names as the container versions; one file per server (<see cref="LocalPostgres"/>,
/// <see cref="LocalRedis"/>, <see cref="LocalRabbitMQ"/>). Programs and ports come from <see cref="ServersFile"/>;
/// data lives in the run's data folder (<see cref="DataRoot"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalInfra
{
    private LocalInfra(IDistributedApplicationBuilder builder, string dataRoot)
    {
        Builder = builder;
        Root = dataRoot;
    }

    internal IDistributedApplicationBuilder Builder { get; }

    /// <summary>The run's data folder.</summary>
    internal string Root { get; }

    internal IConfiguration Configuration => Builder.Configuration;

    internal bool AsRoot { get; } = Environment.UserName == "root";

    /// <param name="dataRoot">The run's data folder (<see cref="DataRoot"/>).</param>
    public static Infra AddLocalInfra(IDistributedApplicationBuilder builder, string dataRoot)
    {
        var local = new LocalInfra(builder, dataRoot);
        var postgres = LocalPostgres.Add(local);
        return new Infra(
            LocalPostgres.AddDatabase(local, postgres, ResourceNames.ArticleDatabase),
            LocalPostgres.AddDatabase(local, postgres, ResourceNames.FeedbackDatabase),
            LocalPostgres.AddDatabase(local, postgres, ResourceNames.NotificationDatabase),
            LocalRedis.Add(local),
            LocalRabbitMQ.Add(local));
    }

    /// <summary><c>Infra:&lt;key&gt;</c> as a port; <c>0</c> (an isolated run) picks a free one.</summary>
    internal int Port(string key) =>
        Configuration.GetValue<int?>($"Infra:{key}") is int port and > 0 ? port : FreePorts.Next();

    /// <summary><c>Infra:&lt;key&gt;</c>, a server's program, as <see cref="ServersFile"/> gives it.</summary>
    internal string Program(string key) => ServersFile.Required(Configuration, $"Infra:{key}");

    /// <summary>A folder under the data folder, created if missing.</summary>
    internal string Folder(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The server's own process on a fixed, unproxied port, healthy once it accepts connections.</summary>
    internal IResourceBuilder<LocalServerResource> AddServer(string name, string command, int port,
        Func<LocalServerResource, ReferenceExpression> connectionString) =>
        Builder.AddResource(new LocalServerResource(name, command, Root, connectionString))
            .WithEndpoint(LocalServerResource.EndpointName, endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "tcp";
            })
            .WithTcpHealthCheck(port);
}
