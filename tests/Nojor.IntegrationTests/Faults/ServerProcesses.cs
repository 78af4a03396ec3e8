using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Nojor.IntegrationTests.Faults;

/// <summary>
/// Kills the processes behind a platform's resources, by the PIDs in their resource snapshots, the way a crash does:
/// <c>SIGKILL</c>, no chance to flush, close connections or say goodbye.
/// </summary>
internal static class ServerProcesses
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The PID of the process the orchestrator started for <paramref name="resource"/>.</summary>
    public static int PidOf(PlatformFixture platform, string resource)
    {
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(resource, out var current), $"{resource} is not running");
        return Convert.ToInt32(current.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// SIGKILLs the resource's process and waits until the orchestrator has seen it exit. Its children (PostgreSQL's
    /// backends) are not killed: they notice their parent is gone and exit on their own, as they would after a real
    /// crash; this waits for that too, since a server cannot be started on the same data while they still hold it.
    /// </summary>
    /// <returns>The children that had to be killed because they had not exited after <see cref="ExitTimeout"/>.</returns>
    public static async Task<int> KillAsync(PlatformFixture platform, string resource)
    {
        var pid = PidOf(platform, resource);
        var children = ChildrenOf(pid);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(); // SIGKILL on Unix
            using var exited = new CancellationTokenSource(ExitTimeout);
            await process.WaitForExitAsync(exited.Token);
        }
        var deadline = DateTime.UtcNow + ExitTimeout;
        while (children.Any(IsRunning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var left = children.Where(IsRunning).ToList();
        foreach (var child in left)
        {
            // A supervisor tears down what the crashed server left behind; without this the restart would be refused.
            using var process = Process.GetProcessById(child);
            process.Kill();
        }
        using (var stopped = new CancellationTokenSource(ExitTimeout))
        {
            await platform.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, stopped.Token);
        }
        return left.Count;
    }

    /// <summary>
    /// SIGKILLs the local RabbitMQ's Erlang VM (<c>beam.smp</c>) and waits until the orchestrator has seen the resource exit.
    /// The resource's own process is the <c>rabbitmq-server</c> script, which runs the VM as its child and exits when it
    /// is gone; killing the script instead would leave the broker running, orphaned. The VM is picked by its node name
    /// (<see cref="BrokerVmAsync"/>), not as the only or the oldest <c>beam.smp</c> under the script: a clean-clone run
    /// once found two there (which the second was went unrecorded; RabbitMQ's command-line tools are Erlang VMs too).
    /// </summary>
    public static async Task KillBrokerAsync(PlatformFixture platform)
    {
        var vm = await BrokerVmAsync(PidOf(platform, ResourceNames.Messaging));
        using (var process = Process.GetProcessById(vm))
        {
            process.Kill();
            using var exited = new CancellationTokenSource(ExitTimeout);
            await process.WaitForExitAsync(exited.Token);
        }
        using var stopped = new CancellationTokenSource(ExitTimeout);
        await platform.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Messaging, KnownResourceStates.TerminalStates, stopped.Token);
    }

    /// <summary>
    /// The process that runs the service itself. The AppHost starts each project from its build output, so that is the
    /// PID the snapshot holds; were a project started through <c>dotnet run</c> (a project resource), the service would
    /// be its child, and killing <c>dotnet run</c> alone would leave the service running.
    /// </summary>
    public static int ServiceProcessOf(PlatformFixture platform, string resource)
    {
        var pid = PidOf(platform, resource);
        return ChildrenOf(pid).Where(IsRunning).DefaultIfEmpty(pid).Single();
    }

    /// <summary>SIGKILLs the service process of a project resource and waits until the orchestrator has seen it exit.</summary>
    public static async Task KillServiceAsync(PlatformFixture platform, string resource)
    {
        using (var process = Process.GetProcessById(ServiceProcessOf(platform, resource)))
        {
            process.Kill();
            using var exited = new CancellationTokenSource(ExitTimeout);
            await process.WaitForExitAsync(exited.Token);
        }
        using var stopped = new CancellationTokenSource(ExitTimeout);
        await platform.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, stopped.Token);
    }

    /// <summary>Starts the resource again (the orchestrator's start command) and waits until its health check passes.</summary>
    public static async Task StartAsync(PlatformFixture platform, string resource)
    {
        await platform.ExecuteResourceCommandAsync(resource, KnownResourceCommands.Start);
        using var healthy = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, healthy.Token);
    }

    /// <summary>Whether the resource's process has exited and not been started again.</summary>
    public static bool IsDown(PlatformFixture platform, string resource) =>
        platform.App.ResourceNotifications.TryGetCurrentState(resource, out var current)
        && KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text);

    private static List<int> DescendantsOf(int ancestor)
    {
        var found = new List<int>();
        var parents = new Queue<int>([ancestor]);
        while (parents.TryDequeue(out var parent))
        {
            foreach (var child in ChildrenOf(parent).Where(IsRunning))
            {
                found.Add(child);
                parents.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>
    /// The broker node's VM: the <c>beam.smp</c> under <paramref name="script"/> listening on the distribution port that
    /// the broker's epmd gives for the node name the AppHost set (<c>RABBITMQ_NODENAME</c>, in the script's environment).
    /// RabbitMQ (3.10 here) starts its VM without <c>-sname</c> and names the node once it runs, so the name is on no
    /// command line, and a command-line tool the script starts inherits the same environment; the name a VM registered
    /// under with epmd is what Erlang itself finds a node by. Fails, listing every <c>beam.smp</c> under the script with
    /// its command line, unless exactly one matches.
    /// </summary>
    private static async Task<int> BrokerVmAsync(int script)
    {
        var environment = EnvironmentOf(script);
        var node = environment.GetValueOrDefault("RABBITMQ_NODENAME");
        var epmdPort = environment.GetValueOrDefault("ERL_EPMD_PORT");
        if (node is null || epmdPort is null)
        {
            Assert.Fail($"The broker's script ({script}) has no RABBITMQ_NODENAME or ERL_EPMD_PORT: not the local broker the AppHost starts?");
        }
        var registered = await EpmdNamesAsync(int.Parse(epmdPort, CultureInfo.InvariantCulture));
        var vms = DescendantsOf(script).Where(pid => CommandOf(pid) == "beam.smp").ToList();
        // epmd knows a node by the part of its name before the '@'.
        var listening = registered.TryGetValue(node.Split('@')[0], out var port) ? ListeningSocketsOn(port) : [];
        var matches = vms.Where(vm => SocketsOf(vm).Overlaps(listening)).ToList();
        if (matches.Count != 1)
        {
            var found = vms.Count == 0 ? "  none" : string.Join('\n', vms.Select(vm => $"  {vm}: {CommandLineOf(vm)}"));
            var names = registered.Count == 0 ? "nothing" : string.Join(", ", registered.Select(name => $"{name.Key} at port {name.Value}"));
            Assert.Fail($"Expected one beam.smp under the broker's script ({script}) to be node {node}, found {matches.Count}. "
                + $"epmd (port {epmdPort}) knows {names}. Every beam.smp under the script:\n{found}");
        }
        return matches[0];
    }

    /// <summary>The nodes registered with the epmd on <paramref name="port"/> and their distribution ports (its NAMES_REQ).</summary>
    private static async Task<Dictionary<string, int>> EpmdNamesAsync(int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        // A two-byte length, then the request: 110 ('n'). The answer is epmd's own port (four bytes), then a line
        // "name <node> at port <port>" per node, and epmd closes the connection.
        await stream.WriteAsync(new byte[] { 0, 1, 110 }, timeout.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        var names = new Dictionary<string, int>();
        var text = answer.Length > 4 ? Encoding.UTF8.GetString(answer.ToArray().AsSpan(4)) : "";
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var words = line.Split(' ');
            if (words is ["name", var name, "at", "port", var distribution])
            {
                names[name] = int.Parse(distribution, CultureInfo.InvariantCulture);
            }
        }
        return names;
    }

    /// <summary>The sockets listening on TCP <paramref name="port"/>, as a process's descriptors link to them (<c>socket:[inode]</c>).</summary>
    private static HashSet<string> ListeningSocketsOn(int port)
    {
        var sockets = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            // "sl local_address rem_address st ... inode": the address is hex "ADDRESS:PORT", state 0A is LISTEN.
            foreach (var fields in File.ReadLines(table).Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                var local = fields[1];
                if (fields[3] == "0A" && int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    sockets.Add($"socket:[{fields[9]}]");
                }
            }
        }
        return sockets;
    }

    /// <summary>What the process's file descriptors link to (<c>socket:[inode]</c> for a socket); none once it is gone.</summary>
    private static HashSet<string> SocketsOf(int pid)
    {
        var targets = new HashSet<string>();
        try
        {
            foreach (var descriptor in Directory.EnumerateFiles($"/proc/{pid}/fd"))
            {
                try
                {
                    if (new FileInfo(descriptor).LinkTarget is { } target)
                    {
                        targets.Add(target);
                    }
                }
                catch (IOException)
                {
                    // Closed while we looked.
                }
            }
        }
        catch (IOException)
        {
            // Gone while we looked.
        }
        return targets;
    }

    /// <summary>The process's environment (<c>/proc/&lt;pid&gt;/environ</c>: NUL-separated <c>NAME=value</c>), as it was started.</summary>
    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2)).Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    /// <summary>The process's arguments (<c>/proc/&lt;pid&gt;/cmdline</c>, NUL-separated), joined by spaces.</summary>
    private static string CommandLineOf(int pid)
    {
        try
        {
            return string.Join(' ', File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (IOException)
        {
            return "(gone)";
        }
    }

    private static string? CommandOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            // Null when gone while we looked.
            if (ProcStat.Of(pid)?.ParentPid == parent)
            {
                children.Add(pid);
            }
        }
        return children;
    }

    /// <summary>Alive, not a zombie: a zombie has exited; only its parent (here reparented to init) has yet to reap it.</summary>
    private static bool IsRunning(int pid) => ProcStat.Of(pid) is { IsZombie: false };
}
