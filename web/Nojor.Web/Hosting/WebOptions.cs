using System.ComponentModel.DataAnnotations;

namespace Nojor.Web.Hosting;

/// <summary>Settings of the reader web app (section <c>Web</c>).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// <c>Cache-Control: max-age</c> of pages that are the same for every reader. The gateway keeps them no longer,
    /// and article events evict them sooner.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PublicMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sections shown in the navigation, in order (the article service's own list).</summary>
    [MinLength(1)]
    public string[] Sections { get; set; } = ["news", "world", "politics", "business", "science", "culture", "sport", "opinion"];

    [Required]
    public ServiceAddresses Services { get; set; } = new();
}

/// <summary>Where the services answer; Aspire resource names resolved by service discovery.</summary>
public sealed class ServiceAddresses
{
    [Required]
    public Uri Articles { get; set; } = new("http://article-api");

    [Required]
    public Uri Feedback { get; set; } = new("http://feedback-api");

    [Required]
    public Uri Notifications { get; set; } = new("http://notification-api");
}
