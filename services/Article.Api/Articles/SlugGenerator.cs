using System.Globalization;
using System.Text;

namespace Nojor.Articles.Articles;

/// <summary>Turns a headline into a readable, URL-safe slug: lowercase ASCII words joined by hyphens.</summary>
public static class SlugGenerator
{
    public static string FromHeadline(string headline, int maxLength = Article.SlugMaxLength)
    {
        // Normalize throws on a lone surrogate; it is no letter anyway, so it becomes a separator like any other.
        var decomposed = ReplaceLoneSurrogates(headline).Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // accents go, the letter stays: "Sévérac" → "severac"
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                var hyphen = pendingHyphen && slug.Length > 0;
                // Stop before the limit rather than after it: a hyphen and a letter together once made the slug one too long.
                if (slug.Length + (hyphen ? 2 : 1) > maxLength)
                {
                    break;
                }
                if (hyphen)
                {
                    slug.Append('-');
                }
                slug.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }
        var result = slug.ToString().TrimEnd('-');
        return result.Length == 0 ? "report" : result;
    }

    /// <summary>
    /// The <paramref name="number"/>th slug for a headline whose own slug is taken ("harbour-opens-2"). At the length
    /// limit the number replaces the end of the words rather than making the slug too long to store.
    /// </summary>
    public static string Numbered(string slug, int number, int maxLength = Article.SlugMaxLength)
    {
        var suffix = $"-{number}";
        return slug.Length + suffix.Length <= maxLength ? slug + suffix : slug[..(maxLength - suffix.Length)].TrimEnd('-') + suffix;
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++; // a pair is a valid code point
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = ' ';
            }
        }
        return new string(chars);
    }
}
