using System.Diagnostics;
using System.Globalization;

namespace Nojor.Testing;

/// <summary>
/// CPU time of this process and every process of the platform it started (the orchestrator, the services, PostgreSQL,
/// Redis, RabbitMQ), read from /proc and grouped by process name, so a run shows which part the time goes to. The
/// orchestrator detaches from us (its parent is init) but names us in <c>--monitor &lt;pid&gt;</c>; the rest descend from it.
/// </summary>
public static class ProcessCpu
{
    public static Dictionary<int, (string Name, TimeSpan Cpu)> Snapshot()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcStat.Of(pid)?.ParentPid is int parent)
            {
                parents[pid] = parent;
            }
        }
        var self = Environment.ProcessId;
        var roots = parents.Keys.Where(pid => MonitorsUs(pid, self)).Append(self).ToHashSet();
        var tree = parents.Keys.Where(pid => roots.Any(root => IsDescendant(pid, root, parents))).Concat(roots).Distinct();
        var snapshot = new Dictionary<int, (string, TimeSpan)>();
        foreach (var pid in tree)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                // PostgreSQL backends retitle themselves ("postgres: user db address state"): group by the program.
                var name = pid == self ? "bench client + AppHost (this process)" : process.ProcessName.Split(':', ' ')[0];
                snapshot[pid] = (name, process.TotalProcessorTime);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited between the listing and the read.
            }
        }
        return snapshot;
    }

    /// <summary>CPU used since <paramref name="before"/> by name; processes started meanwhile count in full.</summary>
    public static Dictionary<string, TimeSpan> Since(Dictionary<int, (string Name, TimeSpan Cpu)> before) => Snapshot()
        .GroupBy(p => p.Value.Name)
        .ToDictionary(g => g.Key, g => g.Aggregate(TimeSpan.Zero, (sum, p) =>
            sum + p.Value.Cpu - (before.TryGetValue(p.Key, out var earlier) && earlier.Name == p.Value.Name ? earlier.Cpu : TimeSpan.Zero)));

    private static bool MonitorsUs(int pid, int self)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var monitor = Array.IndexOf(args, "--monitor");
            return monitor >= 0 && monitor + 1 < args.Length && args[monitor + 1] == self.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsDescendant(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 64 && parents.TryGetValue(pid, out var parent); depth++, pid = parent)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }
        return false;
    }
}
