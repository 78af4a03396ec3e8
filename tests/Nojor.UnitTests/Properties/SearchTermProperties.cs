using System.Globalization;
using CsCheck;
using Nojor.Articles.Search;

namespace Nojor.UnitTests.Properties;

public sealed class SearchTermProperties
{
    private static readonly Gen<string> Queries = Gen.Frequency(
        (3, Generators.TrickyText),
        (1, Generators.AnyText),
        (1, Generators.Word.Array[0, 12].Select(words => string.Join(" & ", words))));

    [Fact]
    public void Terms_are_what_the_simple_model_splits_out() =>
        Queries.Sample(text => Assert.Equal(Model(text), SearchQuery.Terms(text)));

    [Fact]
    public void No_term_can_carry_a_tsquery_operator_or_separator() =>
        Queries.Sample(text =>
        {
            var terms = SearchQuery.Terms(text);
            Assert.True(terms.Count <= SearchQuery.MaxTerms);
            Assert.Equal(terms.Count, terms.Distinct(StringComparer.Ordinal).Count());
            foreach (var term in terms)
            {
                Assert.NotEmpty(term);
                Assert.True(char.IsLetterOrDigit(term[0]), term);
                Assert.All(term, c => Assert.True(char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark,
                    $"U+{(int)c:X4} in {term}"));
                Assert.Equal(term.ToLowerInvariant(), term);
            }
            // Built from such terms, the query has exactly the operators it puts there itself.
            Assert.Equal(Math.Max(0, terms.Count - 1), SearchQuery.AllPrefixes(terms).Count(c => c == '&'));
            Assert.Equal(Math.Max(0, terms.Count - 1), SearchQuery.AnyPrefix(terms).Count(c => c == '|'));
        });

    [Fact]
    public void Searching_for_the_terms_again_gives_the_same_terms() =>
        Queries.Sample(text =>
        {
            var terms = SearchQuery.Terms(text);
            Assert.Equal(terms, SearchQuery.Terms(string.Join(' ', terms)));
        });

    /// <summary>
    /// Words are runs of letters and digits (a combining mark stays with the letter before it), lowercased; the first
    /// eight distinct words are kept.
    /// </summary>
    private static List<string> Model(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i])
                || (start >= 0 && CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return [.. words.Distinct(StringComparer.Ordinal).Take(SearchQuery.MaxTerms)];
    }
}
