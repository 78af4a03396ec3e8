using Nojor.Articles.Articles;

namespace Nojor.UnitTests.Articles;

public sealed class PlaceNamesTests
{
    [Theory]
    [InlineData("Chamanābād", "chamanabad")]
    [InlineData("  TORKHAM ", "torkham")]
    [InlineData("Sévérac-le-Château", "severac-le-chateau")]
    public void Names_fold_case_and_accents(string name, string expected) => Assert.Equal(expected, PlaceNames.Normalize(name));

    [Fact]
    public void An_article_keeps_its_folded_place_names_for_trigram_search()
    {
        var article = new Nojor.Articles.Articles.Article { Slug = "s", Headline = "h", Section = "world" };
        article.SetPlaces([new Place { Country = "Pakistan", Region = "Khyber", District = "Torkhām" }, new Place { Country = "Pakistan" }]);
        Assert.Equal("pakistan khyber torkham", article.PlaceText);
    }
}
