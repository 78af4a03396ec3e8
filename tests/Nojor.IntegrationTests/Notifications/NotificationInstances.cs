using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Nojor.IntegrationTests.Notifications;

/// <summary>Stops and starts notification-service instances of the running platform.</summary>
internal static class NotificationInstances
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Stops every given instance the way a process supervisor does (SIGTERM, then the service shuts down gracefully
    /// and exits), then starts them again with the orchestrator's start command and waits until they are healthy.
    /// </summary>
    /// <remarks>
    /// Not the orchestrator's stop command: it gives up after a few seconds, while the service, shutting down gracefully,
    /// can take over ten on a loaded machine to exit; the command then fails and leaves the resource stuck. Signalling the
    /// process ourselves and waiting as long as it needs is what a supervisor does; the orchestrator sees it exit and can
    /// start it again.
    /// </remarks>
    public static async Task RestartAsync(PlatformFixture platform, ITestOutputHelper output, params string[] resources)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(resources.Select(resource => StopAsync(platform, resource)));
        output.WriteLine($"{string.Join(", ", resources)} stopped after {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var resource in resources)
        {
            await platform.ExecuteResourceCommandAsync(resource, KnownResourceCommands.Start);
        }
        using var started = new CancellationTokenSource(StartTimeout);
        foreach (var resource in resources)
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, started.Token);
        }
        output.WriteLine($"healthy again after {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task StopAsync(PlatformFixture platform, string resource)
    {
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(resource, out var current), $"{resource} is not running");
        var pid = Convert.ToInt32(current.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        using (var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }
        using var stopped = new CancellationTokenSource(StopTimeout);
        await process.WaitForExitAsync(stopped.Token);
        await platform.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, stopped.Token);
    }
}
