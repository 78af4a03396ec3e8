using System.Diagnostics;

namespace Nojor.DeployTests.Infrastructure;

/// <summary>The repository the tests run in: its files, and what git says about them.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>
    /// Files git tracks under a folder, and those it would take on the next "git add" (not ignored): what is or could
    /// be committed, whatever else lies around.
    /// </summary>
    public static IReadOnlyList<string> TrackedFiles(string folder) =>
        Run("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", folder]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static bool IsIgnoredByGit(string relative)
    {
        var result = Execute("git", ["check-ignore", "--quiet", "--no-index", relative]);
        return result.ExitCode == 0;
    }

    public static string Run(string program, IReadOnlyList<string> arguments, string? workingDirectory = null)
    {
        var result = Execute(program, arguments, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Error}");
        }
        return result.Output;
    }

    public static (int ExitCode, string Output, string Error) Execute(string program, IReadOnlyList<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nojor.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The tests run from inside the repository (no Nojor.sln above " + AppContext.BaseDirectory + ").");
    }
}
