using System.Globalization;

namespace Nojor.Testing.Benchmarks;

/// <summary>What every benchmark's report states about its run, and how it is written to <c>bench/results/</c>.</summary>
public static class BenchReport
{
    /// <summary>Cores, operating system and runtime.</summary>
    public static string Machine => $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";

    /// <summary>The load average (1, 5, 15 min): anything else using the CPU shows up in the numbers.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static string CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU"
        : "unknown CPU";

    public static string MemoryGb() => File.Exists("/proc/meminfo")
        ? (long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture)
        : "?";

    /// <summary>The value at <paramref name="percentile"/> of an ascending list (nearest rank); NaN for none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percentile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The median of several platform starts' figures (the upper one of an even count, as <see cref="Percentile"/>).</summary>
    public static double Median(IEnumerable<double> values) => Percentile([.. values.Order()], 50);

    /// <summary>Prints the report and writes it over the results file, keeping the file's hand-kept history (from "## History" on).</summary>
    public static void Write(string? path, string report)
    {
        Console.WriteLine(report);
        if (path is not null)
        {
            var previous = File.Exists(path) ? File.ReadAllText(path) : "";
            var history = previous.IndexOf("\n## History", StringComparison.Ordinal);
            File.WriteAllText(path, report + Environment.NewLine + (history >= 0 ? previous[history..] : ""));
        }
    }
}
