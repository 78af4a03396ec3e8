using System.Globalization;

namespace Nojor.Web.Pages.Shared;

public static class Sections
{
    /// <summary>A section's name as a heading: "world" becomes "World".</summary>
    public static string Title(string section) =>
        section.Length == 0 ? section : char.ToUpper(section[0], CultureInfo.InvariantCulture) + section[1..];
}
