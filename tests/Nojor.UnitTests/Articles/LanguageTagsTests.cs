using Nojor.Articles.Articles;

namespace Nojor.UnitTests.Articles;

public sealed class LanguageTagsTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("EN-gb", "en-GB")]
    [InlineData("ps-AF", "ps-AF")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("es-419", "es-419")]
    public void Known_tags_are_accepted_in_canonical_case(string tag, string expected)
    {
        Assert.True(LanguageTags.TryNormalize(tag, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("english")]
    [InlineData("en_GB")]
    [InlineData("en-")]
    [InlineData("")]
    [InlineData("x-private")]
    public void Unknown_or_malformed_tags_are_refused(string tag) => Assert.False(LanguageTags.TryNormalize(tag, out _));
}
