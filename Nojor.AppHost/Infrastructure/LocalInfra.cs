using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// Runs PostgreSQL, Redis and RabbitMQ as local processes for machines without a container
/// engine, under the same resource and connection-string names as the container versions.
/// Data lives in the run's data folder (<see cref="DataRoot"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalInfra
{
    private const string PostgresUser = "postgres";
    private readonly IDistributedApplicationBuilder _builder;
    private readonly string _root;
    private readonly bool _asRoot = Environment.UserName == "root";

    private LocalInfra(IDistributedApplicationBuilder builder, string dataRoot)
    {
        _builder = builder;
        _root = dataRoot;
    }

    /// <param name="dataRoot">The run's data folder (<see cref="DataRoot"/>).</param>
    public static Infra AddLocalInfra(IDistributedApplicationBuilder builder, string dataRoot)
    {
        var infra = new LocalInfra(builder, dataRoot);
        var postgres = infra.AddPostgres();
        return new Infra(
            infra.AddDatabase(postgres, ResourceNames.ArticleDatabase),
            infra.AddDatabase(postgres, ResourceNames.FeedbackDatabase),
            infra.AddDatabase(postgres, ResourceNames.NotificationDatabase),
            infra.AddRedis(),
            infra.AddRabbitMQ());
    }

    private int Port(string key) =>
        _builder.Configuration.GetValue<int?>($"Infra:{key}") is int port and > 0 ? port : FreePorts.Next();

    private string Folder(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    private IResourceBuilder<LocalServerResource> AddServer(string name, string command, int port,
        Func<LocalServerResource, ReferenceExpression> connectionString) =>
        _builder.AddResource(new LocalServerResource(name, command, _root, connectionString))
            .WithEndpoint(LocalServerResource.EndpointName, endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "tcp";
            })
            .WithTcpHealthCheck(port);

    private IResourceBuilder<LocalServerResource> AddPostgres()
    {
        var port = Port("PostgresPort");
        var password = _builder.Configuration["Infra:PostgresPassword"] ?? "nojor-dev";
        var bin = _builder.Configuration["Infra:PostgresBin"] ?? "/usr/lib/postgresql/15/bin";
        var pgRoot = PostgresFolder();
        var data = Path.Combine(pgRoot, "data");
        var socket = Path.Combine(pgRoot, "sock");
        // PostgreSQL refuses to run as root: drop to the postgres user, who must own the data folder.
        var runAs = _asRoot ? $"setpriv --reuid={PostgresUser} --regid={PostgresUser} --init-groups --" : "";
        var init = $"""
            set -e
            mkdir -p "{data}" "{socket}"
            if [ "$(id -u)" = 0 ]; then chown {PostgresUser}:{PostgresUser} "{pgRoot}" "{data}" "{socket}"; fi
            chmod 700 "{data}"
            if [ ! -f "{data}/PG_VERSION" ]; then
              pw=$(mktemp); printf '%s' "$NOJOR_PG_PASSWORD" > "$pw"; chmod 644 "$pw"
              {runAs} {bin}/initdb -D "{data}" -U postgres --pwfile="$pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync
              rm -f "$pw"
            elif [ -f "{data}/postmaster.pid" ] && ! {runAs} {bin}/pg_ctl status -D "{data}" >/dev/null 2>&1; then
              # Left behind by a run that was killed: the server is gone, the lock file is stale.
              rm -f "{data}/postmaster.pid"
            fi
            """;
        var initStep = _builder.AddExecutable($"{ResourceNames.Postgres}-init", "bash", _root, "-c", init)
            .WithEnvironment("NOJOR_PG_PASSWORD", password);

        // fsync off: a development server need not survive the machine losing power. synchronous_commit stays on: with it
        // off, a commit is acknowledged before its WAL leaves PostgreSQL's memory, and a crash of the server alone (not the
        // machine) loses writes the services already answered 2xx for; with fsync off it costs a write(), not a disk flush.
        string[] serverArgs = ["-D", data, "-p", port.ToString(), "-k", socket, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
            "-c", "shared_buffers=64MB"];
        return AddServer(ResourceNames.Postgres, _asRoot ? "setpriv" : $"{bin}/postgres", port,
                server => ReferenceExpression.Create(
                    $"Host={server.Endpoint.Property(EndpointProperty.Host)};Port={server.Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password}"))
            .WithArgs(_asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", $"{bin}/postgres", .. serverArgs] : serverArgs)
            .WaitForCompletion(initStep);
    }

    /// <summary>
    /// The postgres user must reach its data folder. When we run as root and the data root sits
    /// somewhere it cannot enter (a home folder, say), PostgreSQL's files go to /var/lib/nojor instead.
    /// </summary>
    private string PostgresFolder()
    {
        var preferred = Folder("pg");
        if (!_asRoot || EveryAncestorIsEnterable(preferred))
        {
            return preferred;
        }
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_root)))[..12];
        var fallback = Path.Combine("/var/lib/nojor", id, "pg");
        Directory.CreateDirectory(fallback);
        File.SetUnixFileMode("/var/lib/nojor", (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.GetDirectoryName(fallback)!, (UnixFileMode)0b111_101_101);
        return fallback;
    }

    private static bool EveryAncestorIsEnterable(string path)
    {
        for (var dir = new DirectoryInfo(path).Parent; dir is not null; dir = dir.Parent)
        {
            if (!dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }

    private IResourceBuilder<IResourceWithConnectionString> AddDatabase(IResourceBuilder<LocalServerResource> server, string database) =>
        // Named like AddPostgres(..).AddDatabase(..): services read ConnectionStrings:<database> either way.
        // The database itself is created by the owning service's EF migrations.
        _builder.AddConnectionString(database, ReferenceExpression.Create($"{server.Resource.ConnectionStringExpression};Database={database}"))
            .WaitFor(server);

    private IResourceBuilder<LocalServerResource> AddRedis()
    {
        var port = Port("RedisPort");
        return AddServer(ResourceNames.Cache, "redis-server", port,
                server => ReferenceExpression.Create(
                    $"{server.Endpoint.Property(EndpointProperty.Host)}:{server.Endpoint.Property(EndpointProperty.Port)}"))
            .WithArgs("--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", Folder("redis"), "--maxmemory", "128mb", "--maxmemory-policy", "allkeys-lru");
    }

    private IResourceBuilder<LocalServerResource> AddRabbitMQ()
    {
        var port = Port("RabbitPort");
        var epmdPort = Port("EpmdPort");
        var distributionPort = FreePorts.Next();
        var folder = Folder("rabbit");
        var configFile = Path.Combine(folder, "rabbitmq.conf");
        // The management plugin (a web UI with its own statistics database) takes a good part of the broker's boot and
        // memory, and nothing in the platform uses it: it is there for a developer who asks for it (Infra:RabbitManagement).
        int? managementPort = _builder.Configuration.GetValue("Infra:RabbitManagement", false) ? Port("RabbitManagementPort") : null;
        File.WriteAllText(configFile, managementPort is null
            ? $"""
              listeners.tcp.default = 127.0.0.1:{port}
              loopback_users.guest = true
              """
            : $"""
              listeners.tcp.default = 127.0.0.1:{port}
              management.tcp.ip = 127.0.0.1
              management.tcp.port = {managementPort}
              loopback_users.guest = true
              """);
        File.WriteAllText(Path.Combine(folder, "enabled_plugins"), managementPort is null ? "[].\n" : "[rabbitmq_management].\n");

        // A private epmd owned by the orchestrator; otherwise Erlang daemonises one that outlives the run. Erlang can still
        // daemonise one while a run shuts down (the broker outliving our epmd by a moment), and that one would hold the
        // port and keep every later run waiting for the broker: an epmd on our port with no node registered is such a
        // leftover, and `epmd -kill` stops only that kind (it refuses while a live broker is registered).
        var epmd = _builder.AddExecutable($"{ResourceNames.Messaging}-epmd", "bash", folder, "-c",
                $"epmd -port {epmdPort} -kill >/dev/null 2>&1; exec epmd -port {epmdPort} -address 127.0.0.1")
            .WithEndpoint("tcp", endpoint =>
            {
                endpoint.Port = epmdPort;
                endpoint.TargetPort = epmdPort;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "tcp";
            })
            .WithTcpHealthCheck(epmdPort);

        // The node name is tied to the data folder so a persisted Mnesia database is found again.
        var node = "nojor-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_root)))[..8];
        var broker = AddServer(ResourceNames.Messaging, "/usr/lib/rabbitmq/bin/rabbitmq-server", port,
                server => ReferenceExpression.Create(
                    $"amqp://guest:guest@{server.Endpoint.Property(EndpointProperty.Host)}:{server.Endpoint.Property(EndpointProperty.Port)}"))
            .WithEnvironment("HOME", Folder("rabbit", "home"))
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEnvironment("RABBITMQ_NODENAME", $"{node}@localhost")
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", distributionPort.ToString())
            .WithEnvironment("RABBITMQ_CONFIG_FILE", configFile)
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(folder, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Folder("rabbit", "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Folder("rabbit", "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(folder, "rabbit.pid"))
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", Path.Combine(folder, "none.env"))
            // Fewer schedulers and smaller allocator carriers: a development broker needs little memory. No scheduler
            // busy-waiting: the broker shares the machine's cores with the services, and a spinning scheduler takes CPU
            // from them just when a message has arrived and they have work to do.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
                "+S 2:2 +sbwt none +sbwtdcpu none +sbwtdio none +MBas ageffcbf +MHas ageffcbf +MBlmbcs 512 +MHlmbcs 512")
            .WaitFor(epmd);
        return managementPort is null ? broker : broker.WithUrl("http://127.0.0.1:" + managementPort, "management UI (guest/guest)");
    }
}
