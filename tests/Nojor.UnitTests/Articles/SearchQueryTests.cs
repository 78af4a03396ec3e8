using Nojor.Articles.Search;

namespace Nojor.UnitTests.Articles;

public sealed class SearchQueryTests
{
    [Fact]
    public void Terms_are_lowercase_words_with_every_operator_stripped()
    {
        var terms = SearchQuery.Terms("Border & (crossing) | !Torkham:* 'quote' border");
        Assert.Equal(["border", "crossing", "torkham", "quote"], terms);
        Assert.Equal("border:* & crossing:* & torkham:* & quote:*", SearchQuery.AllPrefixes(terms));
    }

    [Fact]
    public void Accented_letters_are_kept_for_the_database_to_fold() =>
        Assert.Equal(["sévérac"], SearchQuery.Terms("Sévérac"));

    [Fact]
    public void Nothing_searchable_gives_no_terms() => Assert.Empty(SearchQuery.Terms(" !! -- "));
}
