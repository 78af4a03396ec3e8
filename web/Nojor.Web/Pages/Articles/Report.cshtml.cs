using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nojor.Web.Api;
using Nojor.Web.Hosting;
using Nojor.Web.Pages.Shared;

namespace Nojor.Web.Pages.Articles;

/// <summary>
/// A report as readers read it: the report itself (retracted ones stay readable, marked), its corrections, the rest
/// of its story and related reports, with what search engines and link previews read about it.
/// </summary>
[PublicPage]
public sealed class ReportModel(ArticleApi articles) : PageModel
{
    /// <summary>How many reports of the story the report page shows; the story's own page has them all.</summary>
    public const int TimelineLength = 12;

    /// <summary>Escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so no text of a report can close the data block it sits in.</summary>
    private static readonly JsonSerializerOptions LinkedDataJson = new() { Encoder = JavaScriptEncoder.Default };

    public Article Article { get; private set; } = null!;

    /// <summary>The other reports of the report's story, oldest first (the latest <see cref="TimelineLength"/>).</summary>
    public IReadOnlyList<ArticleSummary> Timeline { get; private set; } = [];

    /// <summary>Whether the story has more reports than <see cref="Timeline"/> shows.</summary>
    public bool TimelineTruncated { get; private set; }

    public IReadOnlyList<ArticleSummary> Related { get; private set; } = [];

    public string CanonicalPath => "/articles/" + Article.Slug;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (!Slugs.IsWellFormed(slug))
        {
            return NotFound();
        }
        // A slug the service refuses is as unknown to the reader as one it does not have.
        if ((await articles.GetAsync(slug, cancellationToken)).Value is not { } article)
        {
            return NotFound();
        }
        Article = article;

        var story = article.Story is { } link ? articles.GetStoryAsync(link.Slug, cancellationToken) : null;
        var related = articles.RelatedAsync(slug, cancellationToken);
        await Task.WhenAll(story ?? Task.FromResult<ApiResult<Story>>(default), related);

        List<ArticleSummary> others = story is null ? [] : ((await story).Value?.Timeline ?? []).Where(report => report.Id != article.Id).ToList();
        TimelineTruncated = others.Count > TimelineLength;
        Timeline = others[Math.Max(0, others.Count - TimelineLength)..];
        // Reports of the same story come first among related ones; those are already in the timeline.
        var inTimeline = Timeline.Select(report => report.Id).ToHashSet();
        Related = [.. ((await related).Value?.Items ?? []).Where(report => !inTimeline.Contains(report.Id))];
        return Page();
    }

    /// <summary>The standfirst, or the opening of the body for a report without one.</summary>
    public string Description()
    {
        if (!string.IsNullOrWhiteSpace(Article.Summary))
        {
            return Article.Summary;
        }
        var text = string.Join(' ', Article.Body.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Replace("*", "", StringComparison.Ordinal).Replace("#", "", StringComparison.Ordinal);
        return text.Length <= 200 ? text : text[..197].TrimEnd() + "…";
    }

    /// <summary>
    /// Whether the report changed after it was published (a correction, an update, a retraction). Edits of a draft
    /// before publication are not updates a reader saw.
    /// </summary>
    public bool WasUpdated => Article.PublishedAt is { } published && Article.UpdatedAt > published;

    /// <summary>
    /// The JSON-LD <c>NewsArticle</c> of the report, for search engines. Serialised with an encoder that escapes
    /// <c>&lt;</c>, so it is safe to write raw inside its <c>&lt;script type="application/ld+json"&gt;</c> block.
    /// </summary>
    public string LinkedData(string url)
    {
        var article = Article;
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = article.Headline,
            ["description"] = Description(),
            ["datePublished"] = article.PublishedAt,
            ["dateModified"] = article.UpdatedAt,
            ["author"] = article.Byline is { Length: > 0 } byline
                ? new Dictionary<string, string> { ["@type"] = "Person", ["name"] = byline }
                : new Dictionary<string, string> { ["@type"] = "Organization", ["name"] = "Nojor" },
            ["publisher"] = new Dictionary<string, string> { ["@type"] = "Organization", ["name"] = "Nojor" },
            ["articleSection"] = Sections.Title(article.Section),
            ["keywords"] = article.Tags,
            ["inLanguage"] = article.Language,
            ["url"] = url,
            ["mainEntityOfPage"] = url,
            ["isAccessibleForFree"] = true,
        };
        return JsonSerializer.Serialize(data, LinkedDataJson);
    }
}
