using Microsoft.Extensions.Configuration;
using Nojor.AppHost.Infrastructure;
using Nojor.Authentication;

namespace Nojor.AppHost;

/// <summary>
/// What every Nojor process the AppHost starts is given: the servers (<see cref="Infra"/>), the file of the editors'
/// token signing key, and how many instances of each a run starts (<see cref="Replicas"/>).
/// </summary>
internal sealed class NojorProcesses(IDistributedApplicationBuilder builder, Infra infra, string editorSigningKeyFile)
{
    /// <summary>Configuration key of the file holding the editors' token signing key, in every process.</summary>
    private const string EditorSigningKeyFileSetting = "EditorAuth:SigningKeyFile";

    private const string HealthPath = "/health";

    /// <summary><c>Platform:Replicas</c>: instances of every service, of the web app and of the gateway.</summary>
    public int Replicas { get; } = AppHost.Replicas.Read(builder.Configuration);

    /// <summary>
    /// Instances of a process with an older <c>*:SecondInstance</c> switch: a second one that nothing routes to (tests reach
    /// it directly) when the switch is on; with two replicas or more it is the routed second one.
    /// </summary>
    public int InstancesOf(string secondInstanceSetting) =>
        Math.Max(Replicas, builder.Configuration.GetValue(secondInstanceSetting, false) ? 2 : 1);

    /// <summary>
    /// <paramref name="instances"/> instances of one of the three services (<see cref="AddNojorProcess{TProject}"/>), each
    /// with <paramref name="database"/> and the broker. They start beside the broker, not after it (see
    /// <see cref="BrokerReferences.WithBroker{T}"/>), and every instance after the first once the first is healthy
    /// (<see cref="AppHost.Replicas.AddInstances"/>: the migration race).
    /// </summary>
    public List<IResourceBuilder<BuiltProjectResource>> AddNojorService<TProject>(string name,
        IResourceBuilder<IResourceWithConnectionString> database, int instances, IEnumerable<string> settingSections,
        Func<IResourceBuilder<BuiltProjectResource>, IResourceBuilder<BuiltProjectResource>>? configure = null)
        where TProject : IProjectMetadata, new() =>
        AppHost.Replicas.AddInstances(name, instances, instance => AddNojorProcess<TProject>(instance, settingSections, service =>
        {
            service.WithReference(database).WaitFor(database)
                .WithBroker(infra);
            return configure is null ? service : configure(service);
        }));

    /// <summary>
    /// One process of this repository run from its build output (<see cref="BuiltProjects"/>) on its own port (a free one
    /// unless <paramref name="port"/> is given), with the editors' key file, its readiness check (<c>/health</c>), telemetry
    /// export unless the run turns it off, what <paramref name="configure"/> adds, and last every AppHost setting under
    /// <paramref name="settingSections"/> (<see cref="Settings"/>): given last, a setting a run passes wins over a value
    /// the AppHost works out.
    /// </summary>
    public IResourceBuilder<BuiltProjectResource> AddNojorProcess<TProject>(string name, IEnumerable<string> settingSections,
        Func<IResourceBuilder<BuiltProjectResource>, IResourceBuilder<BuiltProjectResource>>? configure = null, int? port = null)
        where TProject : IProjectMetadata, new()
    {
        var process = builder.AddBuiltProject<TProject>(name)
            .WithDirectHttpEndpoint(port)
            .WithSetting(EditorSigningKeyFileSetting, editorSigningKeyFile)
            .WithHttpHealthCheck(HealthPath)
            .WithTelemetryExportSetting(builder.Configuration);
        return (configure is null ? process : configure(process)).WithSettingsUnder(builder.Configuration, settingSections);
    }

    /// <summary>
    /// The file of the editors' token signing key: the data folder's own random key (<c>./nojor token</c> signs with the
    /// same file), or <c>Parameters:editor-signing-key</c> when one is given (user-secrets, a test), kept in that file.
    /// Processes get the file, not the value: the key then shows in no environment listing, and they read it the way a
    /// deployment reads a mounted secret.
    /// </summary>
    public static string EditorSigningKeyFile(IDistributedApplicationBuilder builder, string dataRoot) =>
        builder.Configuration["Parameters:editor-signing-key"] is { Length: > 0 } givenKey
            ? LocalSigningKey.Keep(dataRoot, givenKey)
            : LocalSigningKey.Ensure(dataRoot);
}
