using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// RabbitMQ as a local process, with an epmd of its own, its Mnesia database in the data folder and, on request, the
/// management plugin (<c>Infra:RabbitManagement</c>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class LocalRabbitMQ
{
    public static IResourceBuilder<LocalServerResource> Add(LocalInfra local)
    {
        var port = local.Port("RabbitPort");
        var epmdPort = local.Port("EpmdPort");
        var distributionPort = FreePorts.Next();
        var folder = local.Folder("rabbit");
        var configFile = Path.Combine(folder, "rabbitmq.conf");
        // The management plugin (a web UI with its own statistics database) takes a good part of the broker's boot and
        // memory, and nothing in the platform uses it: it is there for a developer who asks for it (Infra:RabbitManagement).
        int? managementPort = local.Configuration.GetValue("Infra:RabbitManagement", false) ? local.Port("RabbitManagementPort") : null;
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
        var epmd = local.Builder.AddExecutable($"{ResourceNames.Messaging}-epmd", "bash", folder, "-c",
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
        var node = "nojor-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(local.Root)))[..8];
        var broker = local.AddServer(ResourceNames.Messaging, local.Program("RabbitServer"), port,
                server => ReferenceExpression.Create(
                    $"amqp://guest:guest@{server.Endpoint.Property(EndpointProperty.Host)}:{server.Endpoint.Property(EndpointProperty.Port)}"))
            .WithEnvironment("HOME", local.Folder("rabbit", "home"))
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEnvironment("RABBITMQ_NODENAME", $"{node}@localhost")
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", distributionPort.ToString())
            .WithEnvironment("RABBITMQ_CONFIG_FILE", configFile)
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(folder, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", local.Folder("rabbit", "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", local.Folder("rabbit", "log"))
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
