using Nojor.Articles.Stories;
using Nojor.Limits;

namespace Nojor.Articles.Articles;

/// <summary>A news report. The slug is made once from the first headline and never changes.</summary>
public sealed class Article
{
    public const int HeadlineMaxLength = 200;
    public const int SummaryMaxLength = 600;
    public const int SlugMaxLength = 120;
    /// <summary>Shared with the gateway, whose route limit for editors' writes is derived from it.</summary>
    public const int BodyMaxBytes = RequestLimits.ReportBodyMaxBytes;
    public const int DatelineMaxLength = 100;
    public const int BylineMaxLength = 200;
    public const int LanguageMaxLength = 35;
    public const int RetractionReasonMaxLength = 1000;
    public const int MinUrgency = 1;
    public const int MaxUrgency = 9;
    public const int DefaultUrgency = 5;

    public Guid Id { get; init; }

    public required string Slug { get; init; }

    public required string Headline { get; set; }

    public string? Summary { get; set; }

    /// <summary>Markdown as the editor wrote it.</summary>
    public string Body { get; set; } = "";

    /// <summary>The body rendered to sanitised HTML when it was saved.</summary>
    public string BodyHtml { get; set; } = "";

    /// <summary>The body as plain text: what full-text search indexes and highlights.</summary>
    public string BodyText { get; set; } = "";

    public required string Section { get; set; }

    public List<string> Tags { get; set; } = [];

    public List<Place> Places { get; private set; } = [];

    /// <summary>Every place name, lowercased and without accents, for trigram matching of spelling variants.</summary>
    public string PlaceText { get; private set; } = "";

    public string? Dateline { get; set; }

    public string? Byline { get; set; }

    /// <summary>BCP 47 language tag, e.g. "en" or "ps-AF".</summary>
    public string Language { get; set; } = "en";

    /// <summary>IPTC urgency: 1 is a flash, 9 the least urgent.</summary>
    public int Urgency { get; set; } = DefaultUrgency;

    public bool IsBreaking { get; set; }

    /// <summary>Readers and event consumers see nothing of the report before this moment.</summary>
    public DateTimeOffset? EmbargoUntil { get; set; }

    public Guid? StoryId { get; set; }

    public Story? Story { get; set; }

    public ArticleStatus Status { get; set; }

    /// <summary>When a scheduled report is due to be published.</summary>
    public DateTimeOffset? PublishAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? RetractedAt { get; set; }

    public string? RetractionReason { get; set; }

    public List<Correction> Corrections { get; private set; } = [];

    public int Version { get; set; } = 1;

    /// <summary>Strong validator of this version's representation.</summary>
    public string ETag => ArticleETag.For(Id, Version);

    public bool IsVisibleToReaders(DateTimeOffset now) =>
        Status is ArticleStatus.Published or ArticleStatus.Retracted && (EmbargoUntil is null || EmbargoUntil <= now);

    public void SetPlaces(IEnumerable<Place> places)
    {
        Places = [.. places];
        PlaceText = string.Join(' ', Places.SelectMany(p => p.Names()).Select(PlaceNames.Normalize).Distinct());
    }
}
