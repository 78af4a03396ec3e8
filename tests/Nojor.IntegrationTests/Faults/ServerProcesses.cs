using System.Diagnostics;
using System.Globalization;

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
    /// is gone; killing the script instead would leave the broker running, orphaned. A second <c>beam.smp</c> under the
    /// script once failed a run that expected a single one (which VM it was went uncaught; RabbitMQ's command-line tools
    /// are Erlang VMs too, and the script runs <c>rabbitmqctl</c> on some signals): the broker is the VM that started first.
    /// </summary>
    public static async Task KillBrokerAsync(PlatformFixture platform)
    {
        var vm = DescendantsOf(PidOf(platform, ResourceNames.Messaging)).Where(pid => CommandOf(pid) == "beam.smp")
            .OrderBy(StartTimeOf).First();
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

    /// <summary>When the process started, in clock ticks since boot.</summary>
    private static long StartTimeOf(int pid) => ProcStat.Of(pid)?.StartTime ?? long.MaxValue; // gone meanwhile: not the broker

    /// <summary>Alive, not a zombie: a zombie has exited; only its parent (here reparented to init) has yet to reap it.</summary>
    private static bool IsRunning(int pid) => ProcStat.Of(pid) is { IsZombie: false };
}
