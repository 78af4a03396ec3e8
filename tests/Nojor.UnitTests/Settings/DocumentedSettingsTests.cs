using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Nojor.UnitTests.Settings;

/// <summary>
/// Every setting an options class binds is in the README's settings tables, under the name the naming rule gives it
/// (the class's <c>SectionName</c>, then the property path), so adding an option without documenting it fails here.
/// </summary>
public sealed partial class DocumentedSettingsTests
{
    /// <summary>The assemblies whose options classes are checked: the services, their shared code, the gateway and the web app.</summary>
    private static readonly string[] Assemblies =
        ["Article.Api", "Feedback.Api", "Notification.Api", "Nojor.Messaging", "Nojor.ServiceDefaults", "Nojor.Gateway", "Nojor.Web"];

    [Fact]
    public void Every_key_an_options_class_binds_is_in_the_readmes_settings_tables()
    {
        var documented = DocumentedKeys(ReadmeConfigurationSection());

        var missing = OptionsClasses()
            .SelectMany(options => BoundKeys(options.SectionName, options.Type))
            .Where(key => !documented.Any(pattern => pattern.Matches(key)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "Bound but not in the README's settings tables: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_section_is_pascal_case_words_joined_by_colons_and_belongs_to_one_options_class()
    {
        var sections = OptionsClasses().ToList();

        Assert.NotEmpty(sections);
        Assert.All(sections, options => Assert.Matches(SectionNamePattern(), options.SectionName));
        var shared = sections.GroupBy(options => options.SectionName, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1);
        Assert.Empty(shared.Select(group => $"{group.Key}: {string.Join(", ", group.Select(options => options.Type.FullName))}"));
    }

    [Fact]
    public void The_readme_parser_expands_the_tables_shorthand()
    {
        var documented = DocumentedKeys("""
            | Key | Default | Meaning |
            |---|---|---|
            | `Email:Smtp:Host`, `Port` | none, 587 | x |
            | `Gateway:RateLimits:{Read,Search}:{PermitLimit,Window}` | 600 | x |
            | `Kestrel:Limits:*` | 1 MiB | x |
            """);

        Assert.All(["Email:Smtp:Host", "Email:Smtp:Port", "Gateway:RateLimits:Search:Window", "Kestrel:Limits:MaxRequestBodySize"],
            key => Assert.Contains(documented, pattern => pattern.Matches(key)));
        Assert.DoesNotContain(documented, pattern => pattern.Matches("Email:Port") || pattern.Matches("Gateway:RateLimits:Write:Window"));
    }

    private static IEnumerable<(string SectionName, Type Type)> OptionsClasses() =>
        from assemblyName in Assemblies
        from type in Assembly.Load(assemblyName).GetTypes()
        where type.IsClass && !(type.IsAbstract && type.IsSealed)
        let field = type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)
        where field is { IsLiteral: true } && field.FieldType == typeof(string)
        select ((string)field.GetRawConstantValue()!, type);

    /// <summary>
    /// The keys the configuration binder fills in <paramref name="type"/>: a property with a public setter whose type
    /// converts from text (or is a collection of such) is a key; a nested class is a section of its own keys.
    /// </summary>
    private static IEnumerable<string> BoundKeys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod?.IsPublic != true)
            {
                continue;
            }
            var key = $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            var settable = property.SetMethod?.IsPublic == true;
            if (IsValue(propertyType) || (propertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(propertyType)))
            {
                if (settable)
                {
                    yield return key;
                }
            }
            else if (propertyType.IsClass)
            {
                foreach (var nested in BoundKeys(key, propertyType))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsValue(Type type) =>
        TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).CanConvertFrom(typeof(string));

    /// <summary>The README's "Configuration" section, from its heading to the next one of the same level.</summary>
    private static string ReadmeConfigurationSection()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("\n## Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, "The README has a '## Configuration' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "README.md")) && File.Exists(Path.Combine(folder.FullName, "Nojor.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No README.md beside Nojor.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// The keys in the first cell of every table row, as the tables write them: a full key, then names relative to its
    /// section (<c>`Email:Smtp:Host`, `Port`</c>), alternatives in braces (<c>{Read,Search}</c>), <c>*</c> for any key below.
    /// </summary>
    private static List<KeyPattern> DocumentedKeys(string markdown)
    {
        List<KeyPattern> keys = [];
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                continue;
            }
            var firstCell = line.Split('|', StringSplitOptions.None)[1];
            var section = "";
            foreach (Match match in CodeSpan().Matches(firstCell))
            {
                var name = match.Groups[1].Value;
                string full;
                if (name.Contains(':', StringComparison.Ordinal))
                {
                    full = name;
                    section = name[..name.LastIndexOf(':')];
                }
                else if (section.Length > 0)
                {
                    full = $"{section}:{name}";
                }
                else
                {
                    continue;
                }
                keys.AddRange(ExpandBraces(full).Select(key => new KeyPattern(key)));
            }
        }
        return keys;
    }

    private static IEnumerable<string> ExpandBraces(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return [key];
        }
        var close = key.IndexOf('}', open);
        return key[(open + 1)..close].Split(',')
            .SelectMany(choice => ExpandBraces(key[..open] + choice.Trim() + key[(close + 1)..]));
    }

    private sealed record KeyPattern(string Key)
    {
        public bool Matches(string key) =>
            Key.EndsWith(":*", StringComparison.Ordinal)
                ? key.StartsWith(Key[..^1], StringComparison.OrdinalIgnoreCase)
                : string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(:[A-Z][A-Za-z0-9]*)*$")]
    private static partial Regex SectionNamePattern();
}
