namespace Nojor.IntegrationTests.Replicas;

/// <summary>
/// A platform run with <c>Platform:Replicas=2</c>: two instances of every service, of the web app and of the gateway, each
/// gateway routing to both instances of each service. Its own platform rather than the suite's: the suite's gateway has
/// budgets no test can spend (every test shares loopback as its address), and its tests expect one gateway in front of
/// one routed instance of each service; these tests need budgets they can spend and both instances behind both gateways.
/// </summary>
public sealed class ReplicaPlatformFixture : PlatformFixture
{
    /// <summary>Searches a client may make a minute on each gateway here.</summary>
    public const int SearchBudget = 8;

    public static readonly string[] Gateways = [ResourceNames.Gateway, ResourceNames.GatewaySecondInstance];

    protected override IEnumerable<string> AdditionalArguments =>
    [
        "--Platform:Replicas=2",
        // Only the budget test searches on this platform; a small budget is one it can spend in a few requests.
        $"--Gateway:RateLimits:Search:PermitLimit={SearchBudget}",
    ];

    protected override IEnumerable<string> HealthyBeforeTests =>
        [.. base.HealthyBeforeTests, ResourceNames.FeedbackApiSecondInstance, ResourceNames.GatewaySecondInstance];

    /// <summary>A client of one gateway, signed in with <paramref name="token"/> when one is given.</summary>
    public HttpClient Client(string resource, string? token = null)
    {
        var client = App.CreateHttpClient(resource);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}

/// <summary>
/// The replica tests. Not run in parallel with anything: like the fault tests, xunit runs this collection after the
/// parallel ones have finished and disposed their platform, so two platforms never share the machine's cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaCollection : ICollectionFixture<ReplicaPlatformFixture>
{
    public const string Name = "replicas";
}
