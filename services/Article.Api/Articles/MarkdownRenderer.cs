using Ganss.Xss;
using Markdig;

namespace Nojor.Articles.Articles;

/// <summary>
/// Renders report bodies from Markdown. Raw HTML in the Markdown is not passed through, and the
/// output still goes through an allow-list sanitiser, so a body can never carry script into a page.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = new();

    /// <summary>The body as a report keeps it: the Markdown, its sanitised HTML and its plain text.</summary>
    public ArticleBody Render(string markdown) => new(markdown, ToHtml(markdown), ToPlainText(markdown));

    public string ToHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

    public string ToPlainText(string markdown) => Markdown.ToPlainText(markdown, _pipeline).Trim();
}
