using Nojor.DeployTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Nojor.DeployTests.Checks;

/// <summary>
/// The kustomization files use only what the kustomize inside Debian's kubectl 1.20 (v2.0.3) understands: a machine
/// with a newer kubectl renders them too, so rendering alone would not notice a field the old one rejects.
/// </summary>
internal static class Kustomizations
{
    public static readonly IReadOnlySet<string> TopLevelFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "resources", "bases", "namespace", "namePrefix", "commonLabels", "commonAnnotations",
        "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions", "images",
        "vars", "configurations", "crds",
    };

    /// <summary>v2.0.3 reads a single env file ("env"); "envs" came later.</summary>
    public static readonly IReadOnlySet<string> GeneratorFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "behavior", "literals", "files", "env", "type",
    };

    public static IReadOnlyList<string> Files() =>
        [.. Repository.TrackedFiles("deploy/kubernetes").Where(f => Path.GetFileName(f) == "kustomization.yaml")];

    public static List<string> UnknownToKubectl120(string file, string content)
    {
        var problems = new List<string>();
        var stream = new YamlStream();
        stream.Load(new StringReader(content));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        foreach (var (key, value) in root.Children)
        {
            var field = ((YamlScalarNode)key).Value!;
            if (!TopLevelFields.Contains(field))
            {
                problems.Add($"{file}: '{field}' is unknown to kubectl 1.20's kustomize");
            }
            if (field is "configMapGenerator" or "secretGenerator" && value is YamlSequenceNode generators)
            {
                foreach (var generator in generators.Children.OfType<YamlMappingNode>())
                {
                    foreach (var unknown in generator.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Where(k => !GeneratorFields.Contains(k)))
                    {
                        problems.Add($"{file}: {field} field '{unknown}' is unknown to kubectl 1.20's kustomize");
                    }
                }
            }
            if (field == "resources" && value is YamlSequenceNode resources)
            {
                foreach (var resource in resources.Children.OfType<YamlScalarNode>().Select(r => r.Value!))
                {
                    if (Directory.Exists(Path.Combine(Path.GetDirectoryName(Repository.PathOf(file))!, resource)))
                    {
                        problems.Add($"{file}: resource {resource} is a folder, which kubectl 1.20's kustomize reads only under 'bases'");
                    }
                }
            }
        }
        return problems;
    }
}
