using System.ComponentModel.DataAnnotations;

namespace Nojor.Articles.Articles;

public sealed class ArticleOptions
{
    public const string SectionName = "Articles";

    /// <summary>Base of the reader-facing URL carried in events, e.g. https://nojor.example.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Reports at or under this urgency raise breaking-news alerts even without the breaking flag.</summary>
    [Range(Article.MinUrgency, Article.MaxUrgency)]
    public int BreakingUrgencyThreshold { get; set; } = 2;

    public string UrlFor(string slug) => $"{PublicBaseUrl.TrimEnd('/')}/articles/{slug}";
}
