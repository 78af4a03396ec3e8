using System.Security.Cryptography;
using System.Text;

namespace Nojor.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL as a local process: one server, initialised in the data folder on first start, with a database per service
/// created by that service's migrations.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class LocalPostgres
{
    private const string PostgresUser = "postgres";

    public static IResourceBuilder<LocalServerResource> Add(LocalInfra local)
    {
        var port = local.Port("PostgresPort");
        var password = local.Configuration["Infra:PostgresPassword"] ?? "nojor-dev";
        var bin = local.Program("PostgresBin");
        var pgRoot = PostgresFolder(local);
        var data = Path.Combine(pgRoot, "data");
        var socket = Path.Combine(pgRoot, "sock");
        // PostgreSQL refuses to run as root: drop to the postgres user, who must own the data folder.
        var runAs = local.AsRoot ? $"setpriv --reuid={PostgresUser} --regid={PostgresUser} --init-groups --" : "";
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
        var initStep = local.Builder.AddExecutable($"{ResourceNames.Postgres}-init", "bash", local.Root, "-c", init)
            .WithEnvironment("NOJOR_PG_PASSWORD", password);

        // Durable as a production server is: fsync and full-page writes stay on, so a write answered 2xx survives the machine
        // losing power, not only PostgreSQL crashing. Group commit (the feedback writer, the outbox relay's batches) keeps
        // the flushes few. Turned off, every local measurement would describe a server nobody runs in production.
        string[] serverArgs = ["-D", data, "-p", port.ToString(), "-k", socket, "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=300", "-c", "shared_buffers=64MB"];
        return local.AddServer(ResourceNames.Postgres, local.AsRoot ? "setpriv" : $"{bin}/postgres", port,
                server => ReferenceExpression.Create(
                    $"Host={server.Endpoint.Property(EndpointProperty.Host)};Port={server.Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password}"))
            .WithArgs(local.AsRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", $"{bin}/postgres", .. serverArgs] : serverArgs)
            .WaitForCompletion(initStep);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(LocalInfra local,
        IResourceBuilder<LocalServerResource> server, string database) =>
        // Named like AddPostgres(..).AddDatabase(..): services read ConnectionStrings:<database> either way.
        // The database itself is created by the owning service's EF migrations.
        local.Builder.AddConnectionString(database, ReferenceExpression.Create($"{server.Resource.ConnectionStringExpression};Database={database}"))
            .WaitFor(server);

    /// <summary>
    /// The postgres user must reach its data folder. When we run as root and the data root sits
    /// somewhere it cannot enter (a home folder, say), PostgreSQL's files go to /var/lib/nojor instead.
    /// </summary>
    private static string PostgresFolder(LocalInfra local)
    {
        var preferred = local.Folder("pg");
        if (!local.AsRoot || EveryAncestorIsEnterable(preferred))
        {
            return preferred;
        }
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(local.Root)))[..12];
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
}
