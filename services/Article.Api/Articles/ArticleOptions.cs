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

    /// <summary>The sections a report may be filed under.</summary>
    [Required, MinLength(1)]
    public string[] Sections { get; set; } = ["news", "world", "politics", "business", "science", "culture", "sport", "opinion"];

    public string DefaultSection { get; set; } = "news";

    /// <summary>How often the scheduler looks for reports that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Seeds the demo border story on start (the run command turns it on; tests leave it off).</summary>
    public bool SeedDemoContent { get; set; }

    /// <summary>How long anonymous readers' caches may keep a report or list.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReaderMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    public string UrlFor(string slug) => $"{PublicBaseUrl.TrimEnd('/')}/articles/{slug}";

    public string StoryUrlFor(string slug) => $"{PublicBaseUrl.TrimEnd('/')}/stories/{slug}";

    public bool IsKnownSection(string section) => Sections.Contains(section, StringComparer.OrdinalIgnoreCase);
}
