using System.Globalization;
using System.Text;

namespace Nojor.Articles.Articles;

/// <summary>Turns a headline into a readable, URL-safe slug: lowercase ASCII words joined by hyphens.</summary>
public static class SlugGenerator
{
    public static string FromHeadline(string headline, int maxLength = Article.SlugMaxLength)
    {
        var decomposed = headline.Normalize(NormalizationForm.FormD);
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
                if (pendingHyphen && slug.Length > 0)
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
            if (slug.Length >= maxLength)
            {
                break;
            }
        }
        var result = slug.ToString().TrimEnd('-');
        return result.Length == 0 ? "report" : result;
    }
}
