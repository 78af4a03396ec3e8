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
        var now = DateTimeOffset.UnixEpoch;
        var content = new ArticleContent("h", null, "", "world", [],
            [new Place { Country = "Pakistan", Region = "Khyber", District = "Torkhām" }, new Place { Country = "Pakistan" }],
            null, null, "en", Nojor.Articles.Articles.Article.DefaultUrgency, false, null, null);
        var article = Nojor.Articles.Articles.Article.File(Guid.CreateVersion7(now), "s", content, new ArticleBody("", "", ""), null,
            draft: true, publishAt: null, now);
        Assert.Equal("pakistan khyber torkham", article.PlaceText);
    }
}
