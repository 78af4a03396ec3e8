namespace Nojor.Web.Pages.Shared;

/// <summary>
/// What the layout needs to know about the page it wraps: title and description (also for sharing), the canonical
/// path, the language and direction of its content.
/// </summary>
public sealed class PageMeta
{
    public const string Key = nameof(PageMeta);
    private static readonly string[] RightToLeft = ["ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"];

    public string Title { get; set; } = "Nojor";

    public string Description { get; set; } = "News from Nojor, in public beta: read, search, get breaking alerts and tell us what you think.";

    /// <summary>Path (and query, where it is part of the page's identity) of the canonical URL; the request's path when null.</summary>
    public string? CanonicalPath { get; set; }

    public string Language { get; set; } = "en";

    /// <summary>Open Graph type: <c>website</c>, or <c>article</c> on a report.</summary>
    public string OpenGraphType { get; set; } = "website";

    /// <summary>Keeps the page out of search engines (search results, errors, a reader's own pages).</summary>
    public bool NoIndex { get; set; }

    public string Direction => IsRightToLeft(Language) ? "rtl" : "ltr";

    public static bool IsRightToLeft(string language)
    {
        var primary = language.Split('-', 2)[0];
        return RightToLeft.Contains(primary, StringComparer.OrdinalIgnoreCase);
    }
}

public static class PageMetaExtensions
{
    public static PageMeta Meta(this Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary viewData)
    {
        if (viewData[PageMeta.Key] is not PageMeta meta)
        {
            meta = new PageMeta();
            viewData[PageMeta.Key] = meta;
        }
        return meta;
    }
}
