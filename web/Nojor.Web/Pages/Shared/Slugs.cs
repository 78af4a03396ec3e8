using System.Text.RegularExpressions;

namespace Nojor.Web.Pages.Shared;

/// <summary>The shape the article service gives report and story slugs.</summary>
public static partial class Slugs
{
    /// <summary>The article service's longest slug.</summary>
    public const int MaxLength = 120;

    /// <summary>
    /// Whether a slug from an address could be one of ours. Anything else is answered "not found" without asking the
    /// service, so odd or over-long addresses never become a call (or a refusal) there.
    /// </summary>
    public static bool IsWellFormed(string? slug) => slug is { Length: > 0 and <= MaxLength } && Shape().IsMatch(slug);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
