using Nojor.Articles.Articles;

namespace Nojor.UnitTests.Articles;

public class SlugGeneratorTests
{
    [Theory]
    [InlineData("Floods close the northern pass", "floods-close-the-northern-pass")]
    [InlineData("  Ceasefire holds — for now!  ", "ceasefire-holds-for-now")]
    [InlineData("Crème brûlée in Zürich", "creme-brulee-in-zurich")]
    [InlineData("!!!", "report")]
    public void Makes_readable_ascii_slugs(string headline, string expected) => Assert.Equal(expected, SlugGenerator.FromHeadline(headline));

    [Fact]
    public void Respects_the_maximum_length() =>
        Assert.True(SlugGenerator.FromHeadline(new string('a', 500)).Length <= Article.SlugMaxLength);
}
