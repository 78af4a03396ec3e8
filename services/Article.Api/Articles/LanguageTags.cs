using System.Globalization;
using System.Text.RegularExpressions;

namespace Nojor.Articles.Articles;

/// <summary>Checks and canonicalises BCP 47 language tags ("EN-gb" → "en-GB").</summary>
public static partial class LanguageTags
{
    // language[-script][-region][-variant]*: the subset of RFC 5646 newsrooms use (no extensions or private use).
    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$")]
    private static partial Regex WellFormed();

    public static bool TryNormalize(string? tag, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > Article.LanguageMaxLength || !WellFormed().IsMatch(tag.Trim()))
        {
            return false;
        }
        var parts = tag.Trim().Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = i == 0 ? parts[i].ToLowerInvariant()
                : parts[i].Length == 4 && char.IsLetter(parts[i][0]) ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].Length == 2 ? parts[i].ToUpperInvariant()
                : parts[i].ToLowerInvariant();
        }
        var candidate = string.Join('-', parts);
        // Well-formed is not enough: "xx" is shaped like a language but is none. ICU knows the registered languages.
        if (!IsKnownLanguage(parts[0]))
        {
            return false;
        }
        normalized = candidate;
        return true;
    }

    private static bool IsKnownLanguage(string language)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(language, predefinedOnly: true);
            return !culture.Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
