namespace Nojor.IntegrationTests.Faults;

/// <summary>
/// A platform of its own for the fault tests, with its own PostgreSQL, Redis and RabbitMQ on free ports: they kill and
/// stop its servers and services, which would fail whatever other test happened to run on a shared platform meanwhile.
/// </summary>
public sealed class FaultPlatformFixture : PlatformFixture
{
    /// <summary>How long the notification service waits for a receiver's answer here (see <see cref="AdditionalArguments"/>).</summary>
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Webhooks one notification instance sends at once here.</summary>
    public const int ParallelSendsPerInstance = 16;

    protected override IEnumerable<string> AdditionalArguments =>
    [
        // A receiver that does not answer is given up on after 2 s instead of 10, so a test sees a timed-out attempt soon.
        $"--Notifications:Settings:Webhooks:Timeout={WebhookTimeout:c}",
        // Fan-out tests subscribe thousands of endpoints, all on loopback.
        "--Notifications:Settings:Subscriptions:MaxPerTargetHost=1000000",
        // Fewer sends at once per instance, so a fan-out to a slow receiver lasts long enough to kill an instance in it.
        $"--Notifications:Settings:Webhooks:MaxParallelSends={ParallelSendsPerInstance}",
    ];
}

/// <summary>
/// The fault tests. Not run in parallel with anything: xunit runs this collection after the parallel ones have finished
/// (and disposed their platform), so two platforms never share the machine's cores and a killed server's recovery is
/// not timed on a machine busy with other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultPlatformFixture>
{
    public const string Name = "faults";
}
