using System.Text;

namespace Nojor.Articles.Search;

/// <summary>
/// Turns what a reader typed into search terms: words of letters and digits only, so nothing the
/// reader types can change the meaning of the tsquery built from them.
/// </summary>
public static class SearchQuery
{
    public const int MaxLength = 200;
    public const int MaxTerms = 8;

    public static IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            // A combining mark belongs to the letter before it; on its own it would leave an empty term once accents are folded.
            if (char.IsLetterOrDigit(c) || (word.Length > 0 && char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            Flush();
        }
        Flush();
        return terms;

        void Flush()
        {
            if (word.Length > 0 && terms.Count < MaxTerms && !terms.Contains(word.ToString()))
            {
                terms.Add(word.ToString());
            }
            word.Clear();
        }
    }

    /// <summary>Every term as a prefix, all required: "bord cross" → "bord:* &amp; cross:*".</summary>
    public static string AllPrefixes(IReadOnlyList<string> terms) => string.Join(" & ", terms.Select(t => t + ":*"));

    /// <summary>Any term as a prefix, for highlighting what matched.</summary>
    public static string AnyPrefix(IReadOnlyList<string> terms) => string.Join(" | ", terms.Select(t => t + ":*"));
}
