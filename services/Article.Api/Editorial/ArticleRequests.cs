namespace Nojor.Articles.Editorial;

/// <summary>A place as editors send it.</summary>
public sealed record PlaceInput(string? Country, string? Region, string? District);

/// <summary>
/// What an editor sends to file a report. Without <c>draft</c> or <c>publishAt</c> the report is
/// published at once (or, when embargoed, as soon as the embargo passes).
/// </summary>
public sealed record CreateArticleRequest(
    string? Headline,
    string? Summary,
    string? Body,
    string? Section,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<PlaceInput>? Places,
    string? Dateline,
    string? Byline,
    string? Language,
    int? Urgency,
    bool? Breaking,
    DateTimeOffset? EmbargoUntil,
    string? Story,
    string? Slug,
    bool? Draft,
    DateTimeOffset? PublishAt) : IArticleContent;

/// <summary>The whole editable content of a report (PUT semantics: omitted optional fields are cleared).</summary>
public sealed record UpdateArticleRequest(
    string? Headline,
    string? Summary,
    string? Body,
    string? Section,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<PlaceInput>? Places,
    string? Dateline,
    string? Byline,
    string? Language,
    int? Urgency,
    bool? Breaking,
    DateTimeOffset? EmbargoUntil,
    string? Story) : IArticleContent;

/// <summary>A correction: the public note readers see, and the corrected text (omitted fields stay).</summary>
public sealed record CorrectArticleRequest(string? Note, string? Headline, string? Summary, string? Body);

public sealed record ScheduleArticleRequest(DateTimeOffset? PublishAt);

public sealed record RetractArticleRequest(string? Reason);

/// <summary>The content fields shared by create and update.</summary>
public interface IArticleContent
{
    string? Headline { get; }

    string? Summary { get; }

    string? Body { get; }

    string? Section { get; }

    IReadOnlyList<string>? Tags { get; }

    IReadOnlyList<PlaceInput>? Places { get; }

    string? Dateline { get; }

    string? Byline { get; }

    string? Language { get; }

    int? Urgency { get; }

    bool? Breaking { get; }

    DateTimeOffset? EmbargoUntil { get; }

    string? Story { get; }
}
