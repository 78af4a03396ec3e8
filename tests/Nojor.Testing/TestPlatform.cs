using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nojor.AppHost.Infrastructure;

namespace Nojor.Testing;

/// <summary>
/// The real platform, started as the integration tests and the benchmarks run it: the AppHost with its own PostgreSQL, Redis
/// and RabbitMQ on free ports and in a throw-away data folder, so it never touches a developer's own run (or another test
/// platform beside it). <see cref="StartAsync{TAppHost}"/> returns once the named resources are healthy; disposing it stops
/// every process and then deletes the folder.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    private TestPlatform(DistributedApplication app, string dataRoot)
    {
        App = app;
        DataRoot = dataRoot;
    }

    public DistributedApplication App { get; }

    /// <summary>The folder the servers keep their data in (the mail sink's messages are under <c>mail/</c>).</summary>
    public string DataRoot { get; }

    /// <summary>
    /// Builds and starts the AppHost (<typeparamref name="TAppHost"/>, the caller's <c>Projects.Nojor_AppHost</c>) with
    /// <paramref name="arguments"/> after the isolated-run ones, and waits until every resource of
    /// <paramref name="healthyBeforeUse"/> is healthy, within <paramref name="timeout"/>. <paramref name="configure"/> may
    /// change the resources before the build (e.g. a setting on one service). <paramref name="folder"/> names the temporary
    /// folder the data roots go under.
    /// </summary>
    public static async Task<TestPlatform> StartAsync<TAppHost>(IEnumerable<string> arguments, IEnumerable<string> healthyBeforeUse,
        TimeSpan timeout, Action<IDistributedApplicationTestingBuilder>? configure = null, string folder = "nojor-tests")
        where TAppHost : class
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), folder, Guid.NewGuid().ToString("N")[..8]);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<TAppHost>([.. IsolatedRun.Arguments(dataRoot), .. arguments]);
        // The services' own logs stay in the dashboard; the output keeps to warnings from the host.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter($"{builder.Environment.ApplicationName}.Resources", LogLevel.Error)
            // The AppHost's appsettings.json logs at Information, which would print four lines for every request a test or
            // a benchmark sends through the platform's clients (a benchmark's tens of thousands cost it CPU as well).
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            // Unhealthy checks are expected while servers start; WaitForResourceHealthyAsync is what decides.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        configure?.Invoke(builder);
        var platform = new TestPlatform(await builder.BuildAsync(), dataRoot);
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await platform.App.StartAsync(cancel.Token);
            foreach (var resource in healthyBeforeUse)
            {
                await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancel.Token);
            }
            return platform;
        }
        catch
        {
            // A platform that did not come up still has servers running: stop them before giving up.
            await platform.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Every server stops before the folder they keep their data in goes.
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be letting go of a file; the folder is under the temp directory anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
