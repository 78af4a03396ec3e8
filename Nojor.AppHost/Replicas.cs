using Microsoft.Extensions.Configuration;

namespace Nojor.AppHost;

/// <summary>
/// <c>Platform:Replicas</c>: how many instances of every service, the web app and the gateway a run starts, each instance
/// of the gateway and of the web app reaching every instance of the services it calls. Local infrastructure stays single.
/// </summary>
internal static class Replicas
{
    public const string Setting = "Platform:Replicas";

    /// <summary>The setting's value: one unless a run (or a test) asks for more.</summary>
    public static int Read(IConfiguration configuration)
    {
        var replicas = configuration.GetValue(Setting, 1);
        return replicas >= 1 ? replicas : throw new InvalidOperationException($"{Setting} must be 1 or more, not {replicas}.");
    }

    /// <summary>
    /// Instance <paramref name="number"/> of <paramref name="add"/>'s project, named as <see cref="ResourceNames.Instance"/>
    /// names it. Every instance after the first starts once the first is healthy: instances creating their database at
    /// once would race before EF's migration lock exists.
    /// </summary>
    public static List<IResourceBuilder<BuiltProjectResource>> AddInstances(string name, int count, Func<string, IResourceBuilder<BuiltProjectResource>> add,
        bool afterTheFirst = true)
    {
        var first = add(name);
        List<IResourceBuilder<BuiltProjectResource>> instances = [first];
        for (var number = 2; number <= count; number++)
        {
            var instance = add(ResourceNames.Instance(name, number));
            instances.Add(afterTheFirst ? instance.WaitFor(first) : instance);
        }
        return instances;
    }

    /// <summary>
    /// Lets <paramref name="client"/> reach every one of <paramref name="instances"/> under the first one's service
    /// discovery name (<c>http://article-api</c>): the reference gives it <c>services__article-api__http__0</c>, and each
    /// further instance its own index under the same name. YARP's destination resolver turns such a name into one
    /// destination per address (each probed on its own), and the web app's service-discovery clients spread calls over them.
    /// </summary>
    public static IResourceBuilder<BuiltProjectResource> WithReferences(this IResourceBuilder<BuiltProjectResource> client,
        IReadOnlyList<IResourceBuilder<BuiltProjectResource>> instances, bool waitFor = false)
    {
        var name = instances[0].Resource.Name;
        client.WithReference(instances[0]);
        for (var index = 1; index < instances.Count; index++)
        {
            client.WithEnvironment($"services__{name}__http__{index}", instances[index].GetEndpoint("http"))
                .WithReferenceRelationship(instances[index]);
        }
        if (waitFor)
        {
            foreach (var instance in instances)
            {
                client.WaitFor(instance);
            }
        }
        return client;
    }
}
