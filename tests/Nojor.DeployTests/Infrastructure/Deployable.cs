using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Nojor.DeployTests.Infrastructure;

/// <summary>
/// One of the five things the cluster runs, and what its project says about it: the image the publish step makes, the
/// port and user, the settings it reads at start. Read from the sources, so a new connection string or a new service
/// address in the code makes the manifests' tests ask for it.
/// </summary>
internal sealed partial class Deployable
{
    public static readonly Deployable ArticleApi = new("article-api", "services/Article.Api/Article.Api.csproj");
    public static readonly Deployable FeedbackApi = new("feedback-api", "services/Feedback.Api/Feedback.Api.csproj");
    public static readonly Deployable NotificationApi = new("notification-api", "services/Notification.Api/Notification.Api.csproj");
    public static readonly Deployable Web = new("web", "web/Nojor.Web/Nojor.Web.csproj");
    public static readonly Deployable Gateway = new("gateway", "gateway/Nojor.Gateway/Nojor.Gateway.csproj");

    public static IReadOnlyList<Deployable> All { get; } = [ArticleApi, FeedbackApi, NotificationApi, Web, Gateway];

    private readonly Lazy<IReadOnlyList<string>> sources;
    private readonly Lazy<XDocument> project;

    private Deployable(string name, string projectPath)
    {
        Name = name;
        ProjectPath = projectPath;
        sources = new(() => SourceClosure(Repository.PathOf(projectPath)));
        project = new(() => XDocument.Load(Repository.PathOf(projectPath)));
    }

    /// <summary>The Deployment's, Service's and Aspire resource's name (Nojor.ResourceNames).</summary>
    public string Name { get; }

    public string ProjectPath { get; }

    public string ProjectFolder => Path.GetDirectoryName(ProjectPath)!.Replace('\\', '/');

    public string ContainerRepository => Property("ContainerRepository");

    public int ContainerPort => int.Parse(project.Value.Descendants("ContainerPort").Single().Attribute("Include")!.Value);

    public long ContainerUser => long.Parse(Property("ContainerUser"));

    public string ProgramSource => Repository.Read(ProjectFolder + "/Program.cs");

    /// <summary>Serves /health and /alive (ServiceDefaults' MapDefaultEndpoints, which the services' shell calls in UseNojorService).</summary>
    public bool MapsHealthEndpoints => ProgramSource.Contains(".MapDefaultEndpoints()", StringComparison.Ordinal)
        || IsNojorService;

    /// <summary>Owns a database it migrates (Program.cs ends with RunNojorServiceAsync, which migrates as configured).</summary>
    public bool MigratesDatabase => ProgramSource.Contains("RunNojorServiceAsync<", StringComparison.Ordinal);

    /// <summary>Validates editor tokens, which needs an OIDC authority (or a signing key) at start; the services' shell adds it.</summary>
    public bool UsesEditorAuthentication => IsNojorService
        || OwnSources.Any(file => File.ReadAllText(file).Contains(".AddEditorAuthentication()", StringComparison.Ordinal));

    /// <summary>Built on the services' shell (services/Shared/NojorService.cs): AddNojorService in its Program.cs.</summary>
    private bool IsNojorService => ProgramSource.Contains(".AddNojorService<", StringComparison.Ordinal);

    /// <summary>Every C# file compiled into the deployable: its project, the projects it references, and linked files.</summary>
    public IReadOnlyList<string> Sources => sources.Value;

    private IEnumerable<string> OwnSources => Sources.Where(file => file.StartsWith(Repository.PathOf(ProjectFolder) + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>
    /// Names of the connection strings the code reads (ConnectionStrings:&lt;name&gt;): GetConnectionString, the Aspire
    /// client integrations (AddRedisClient, AddNpgsqlDbContext, ...), the services' own ServiceDatabase helper and the
    /// database the services' shell is given (<c>Database = ResourceNames.ArticleDatabase</c>), with constant names
    /// resolved through the constants in the same sources.
    /// </summary>
    public IReadOnlySet<string> ConnectionNames
    {
        get
        {
            var texts = Sources.Select(File.ReadAllText).ToList();
            var constants = texts.SelectMany(text => ConstantPattern().Matches(text))
                .GroupBy(m => m.Groups["name"].Value)
                .ToDictionary(g => g.Key, g => g.First().Groups["value"].Value);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var match in texts.SelectMany(text => ConnectionReadPattern().Matches(text)))
            {
                var argument = match.Groups["arg"].Value;
                if (argument.StartsWith('"'))
                {
                    names.Add(argument.Trim('"'));
                }
                else if (constants.TryGetValue(argument.Split('.')[^1], out var value))
                {
                    names.Add(value);
                }
            }
            return names;
        }
    }

    /// <summary>The deployable's appsettings.json, flattened to configuration keys ("Webhooks:Timeout").</summary>
    public IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            using var json = JsonDocument.Parse(Repository.Read(ProjectFolder + "/appsettings.json"));
            Flatten(json.RootElement, "", settings);
            return settings;
        }
    }

    /// <summary>
    /// Host names the deployable calls through service discovery: addresses in its settings like http://article-api,
    /// a single-label name that is not localhost (Aspire resolves them from services__&lt;name&gt;__http__0).
    /// </summary>
    public IReadOnlySet<string> DiscoveredServices => AppSettings.Values
        .Select(value => DiscoveryAddressPattern().Match(value))
        .Where(match => match.Success && match.Groups["host"].Value != "localhost")
        .Select(match => match.Groups["host"].Value)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Settings whose default names this machine (localhost): right for a local run, wrong in any cluster.</summary>
    public IReadOnlyList<string> LocalhostSettings => AppSettings
        .Where(pair => pair.Value.Contains("localhost", StringComparison.OrdinalIgnoreCase))
        .Select(pair => pair.Key)
        .ToList();

    /// <summary>
    /// [Required] option properties with no default in code and none in appsettings.json: without a value from the
    /// environment, ValidateOnStart stops the process.
    /// </summary>
    public IReadOnlyList<string> RequiredOptionsWithoutDefault
    {
        get
        {
            var settings = AppSettings;
            var required = new List<string>();
            foreach (var text in Sources.Select(File.ReadAllText))
            {
                var section = SectionNamePattern().Match(text);
                if (!section.Success)
                {
                    continue;
                }
                foreach (Match property in RequiredPropertyPattern().Matches(text))
                {
                    var initializer = property.Groups["init"].Value.Trim();
                    var key = section.Groups["section"].Value + ":" + property.Groups["name"].Value;
                    if (initializer is "" or "\"\"" or "string.Empty" or "null!" or "default!" && !settings.ContainsKey(key))
                    {
                        required.Add(key);
                    }
                }
            }
            return required;
        }
    }

    public override string ToString() => Name;

    private string Property(string name) =>
        project.Value.Descendants(name).SingleOrDefault()?.Value ?? throw new InvalidOperationException($"{ProjectPath} sets no {name}.");

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : prefix + ":" + property.Name, into);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, prefix + ":" + index++, into);
                }
                break;
            default:
                into[prefix] = element.ToString();
                break;
        }
    }

    /// <summary>Follows imports, project references and linked Compile items the way MSBuild would for these simple cases.</summary>
    private static IReadOnlyList<string> SourceClosure(string projectFile)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([projectFile]);
        while (pending.TryDequeue(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }
            var folder = Path.GetDirectoryName(project)!;
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                if (!relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal))
                {
                    files.Add(file);
                }
            }
            foreach (var msbuildFile in WithImports(project))
            {
                var document = XDocument.Load(msbuildFile);
                var directory = Path.GetDirectoryName(msbuildFile)! + Path.DirectorySeparatorChar;
                string Resolve(string include) => Path.GetFullPath(Path.Combine(directory,
                    include.Replace("$(MSBuildThisFileDirectory)", "", StringComparison.Ordinal).Replace('\\', Path.DirectorySeparatorChar)));
                foreach (var reference in document.Descendants("ProjectReference"))
                {
                    pending.Enqueue(Resolve(reference.Attribute("Include")!.Value));
                }
                foreach (var compile in document.Descendants("Compile").Select(c => c.Attribute("Include")?.Value).OfType<string>())
                {
                    files.Add(Resolve(compile));
                }
            }
        }
        return [.. files];
    }

    private static IEnumerable<string> WithImports(string msbuildFile)
    {
        yield return msbuildFile;
        var directory = Path.GetDirectoryName(msbuildFile)!;
        foreach (var import in XDocument.Load(msbuildFile).Descendants("Import").Select(i => i.Attribute("Project")?.Value).OfType<string>())
        {
            var path = Path.GetFullPath(Path.Combine(directory, import.Replace('\\', Path.DirectorySeparatorChar)));
            if (File.Exists(path))
            {
                foreach (var nested in WithImports(path))
                {
                    yield return nested;
                }
            }
        }
    }

    [GeneratedRegex(@"const\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex ConstantPattern();

    [GeneratedRegex(@"(?:GetConnectionString\(|ServiceDatabase\.ConnectionString\([^,()]+,|\bDatabase\s*=|\bAdd(?:Redis|Npgsql|RabbitMQ|AzureRedis)\w*(?:<[^>()]+>)?\()\s*(?<arg>""[^""]+""|[A-Za-z_][\w.]*)")]
    private static partial Regex ConnectionReadPattern();

    [GeneratedRegex(@"^https?://(?<host>[a-z0-9][a-z0-9-]*)(?::\d+)?(?:/|$)")]
    private static partial Regex DiscoveryAddressPattern();

    [GeneratedRegex(@"const\s+string\s+SectionName\s*=\s*""(?<section>[^""]+)""")]
    private static partial Regex SectionNamePattern();

    [GeneratedRegex(@"\[Required[^\]]*\]\s*(?:\[[^\]]*\]\s*)*public\s+[\w.?<>\[\]]+\s+(?<name>\w+)\s*\{\s*get;\s*set;\s*\}(?:\s*=\s*(?<init>[^;]+);)?")]
    private static partial Regex RequiredPropertyPattern();
}
