using System.Globalization;
using System.Text;

namespace Nojor.Articles.Articles;

/// <summary>Folds place names to lowercase ASCII-ish text so "Tōrkham" and "torkham" compare equal.</summary>
public static class PlaceNames
{
    public static string Normalize(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
