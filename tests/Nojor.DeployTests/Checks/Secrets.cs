using System.Text;
using System.Text.RegularExpressions;
using Nojor.DeployTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Nojor.DeployTests.Checks;

/// <summary>No secret value in git: the overlays only name Secrets, and committed templates hold placeholders.</summary>
internal static partial class Secrets
{
    /// <summary>What the secrets kustomization and the web app's key folder read: real values, so never committed.</summary>
    public static readonly string[] GeneratorInputs =
    [
        SecretTemplates.Folder + "/connections.env",
        SecretTemplates.Folder + "/editor-auth.env",
        SecretTemplates.Folder + "/dataprotection/key-0.xml",
    ];

    /// <summary>
    /// An overlay carries no Secret object at all (Secrets are made apart, from ignored files or a secret manager), and
    /// no variable that holds a credential is given as a literal rather than from a Secret.
    /// </summary>
    public static List<string> InOverlay(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var secret in manifest.Secrets)
        {
            problems.Add($"Secret {secret.Metadata.Name} is part of the overlay, so its values are committed");
        }
        var containers = manifest.Deployments.SelectMany(d => d.Spec.Template.Spec.Containers.Select(c => (d.Metadata.Name, Container: c)))
            .Concat(manifest.Jobs.SelectMany(j => j.Spec.Template.Spec.Containers.Select(c => (j.Metadata.Name, Container: c))));
        foreach (var (workload, container) in containers)
        {
            foreach (var entry in container.Env ?? [])
            {
                if (entry.ValueFrom is null && SensitiveName().IsMatch(entry.Name) && !OnlyReferences(entry.Value))
                {
                    problems.Add($"{workload}: {entry.Name} is written into the manifest instead of read from a Secret");
                }
            }
        }
        return problems;
    }

    /// <summary>
    /// Every file git tracks under deploy/: a Secret in YAML, or a line of a secret template, may hold only placeholders
    /// (&lt;password&gt;) where a password, key or token goes.
    /// </summary>
    public static List<string> InTrackedFiles()
    {
        var problems = new List<string>();
        foreach (var file in Repository.TrackedFiles("deploy"))
        {
            problems.AddRange(InFile(file, File.ReadAllText(Repository.PathOf(file))));
        }
        return problems;
    }

    public static List<string> InFile(string file, string content)
    {
        var problems = new List<string>();
        if (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") != "Secret")
                {
                    continue;
                }
                foreach (var (field, decode) in new[] { ("data", true), ("stringData", false) })
                {
                    if (!root.Children.TryGetValue(new YamlScalarNode(field), out var values) || values is not YamlMappingNode map)
                    {
                        continue;
                    }
                    foreach (var (key, value) in map.Children)
                    {
                        var text = ((YamlScalarNode)value).Value ?? "";
                        var plain = decode ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
                        problems.AddRange(RealLookingParts(plain).Select(part => $"{file}: Secret key {key} holds '{part}'"));
                    }
                }
            }
        }
        else if (file.EndsWith(".env", StringComparison.Ordinal) || file.EndsWith(".env.example", StringComparison.Ordinal))
        {
            foreach (var line in content.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var separator = line.IndexOf('=');
                var (key, value) = separator < 0 ? (line, "") : (line[..separator], line[(separator + 1)..]);
                // A connection string's password is secret whatever its key is called (articledb=...); other values
                // only under a name that says key, token, password or secret.
                var parts = ConnectionString(value) || SensitiveName().IsMatch(key) ? RealLookingParts(value) : [];
                problems.AddRange(parts.Select(part => $"{file}: {key} holds '{part}'"));
            }
        }
        return problems;
    }

    /// <summary>The generator's inputs are ignored by git, so an operator's real values cannot be committed by mistake.</summary>
    public static List<string> UnignoredInputs() =>
        [.. GeneratorInputs.Where(path => !Repository.IsIgnoredByGit(path)).Select(path => $"{path} is not ignored by git")];

    /// <summary>
    /// The secret parts of a value that are not placeholders: a connection string's password, a URI's user password,
    /// or (for a key, token or anything that is not a connection string) the whole value.
    /// </summary>
    public static IEnumerable<string> RealLookingParts(string value)
    {
        var parts = ConnectionString(value) ? SecretComponents(value) : [value];
        return parts.Where(part => part.Length > 0 && !Placeholder().IsMatch(part));
    }

    /// <summary>A URI or key=value connection string (not, say, a base64 key that ends in '=').</summary>
    private static bool ConnectionString(string value) => value.Contains("://", StringComparison.Ordinal) || ConnectionKeyword().IsMatch(value);

    private static IEnumerable<string> SecretComponents(string value)
    {
        foreach (Match match in PasswordComponent().Matches(value))
        {
            yield return match.Groups["secret"].Value;
        }
        var userInfo = UriPassword().Match(value);
        if (userInfo.Success)
        {
            yield return userInfo.Groups["secret"].Value;
        }
    }

    /// <summary>Values built only from $(OTHER_VARIABLE) references are not secrets themselves.</summary>
    private static bool OnlyReferences(string? value) => string.IsNullOrEmpty(value) || Regex.Replace(value, @"\$\([A-Za-z_][\w]*\)", "").Length == 0;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    [GeneratedRegex(@"(ConnectionStrings__|Password|Secret|SigningKey|Token|ApiKey|Credential|PrivateKey)", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveName();

    /// <summary>&lt;anything&gt;: what the templates put where a real value goes.</summary>
    [GeneratedRegex(@"^<[^<>]+>$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?:^|[;,])\s*(?:host|server|data source|database|username|user id|password|pwd|port)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionKeyword();

    [GeneratedRegex(@"(?:^|[;,])\s*(?:password|pwd)\s*=\s*(?<secret>[^;,]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordComponent();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[^:/@]*:(?<secret>[^@/]*)@", RegexOptions.IgnoreCase)]
    private static partial Regex UriPassword();
}
