using Nojor.Articles.Articles;

namespace Nojor.UnitTests.Articles;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Fact]
    public void Markdown_becomes_html()
    {
        var html = _renderer.ToHtml("Crossing **reopened** at [dawn](https://example.org/dawn).");
        Assert.Contains("<strong>reopened</strong>", html);
        Assert.Contains("href=\"https://example.org/dawn\"", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    public void Script_never_survives(string markdown)
    {
        var html = _renderer.ToHtml(markdown);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Plain_text_drops_the_markup() => Assert.Equal("Crossing reopened", _renderer.ToPlainText("Crossing **reopened**"));
}
