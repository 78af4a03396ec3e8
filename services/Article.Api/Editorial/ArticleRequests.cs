using Nojor.Articles.Articles;

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

/// <summary>
/// Maps validated requests to the values the report's rules take: trimmed, keys lowercased, blanks as null, defaults
/// filled in. Only call these once <see cref="ArticleValidator"/> has found nothing wrong.
/// </summary>
internal static class ArticleRequestMapping
{
    public static ArticleContent ToContent(this IArticleContent request, ArticleOptions options) => new(
        Headline: request.Headline!.Trim(),
        Summary: NullIfBlank(request.Summary),
        Body: request.Body ?? "",
        Section: string.IsNullOrWhiteSpace(request.Section) ? options.DefaultSection : request.Section.Trim().ToLowerInvariant(),
        Tags: [.. (request.Tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct()],
        Places: [.. (request.Places ?? []).Select(p => new Place
        {
            Country = p.Country!.Trim(),
            Region = NullIfBlank(p.Region),
            District = NullIfBlank(p.District),
        })],
        Dateline: NullIfBlank(request.Dateline),
        Byline: NullIfBlank(request.Byline),
        Language: LanguageTags.TryNormalize(request.Language, out var language) ? language : "en",
        Urgency: request.Urgency ?? Article.DefaultUrgency,
        IsBreaking: request.Breaking ?? false,
        EmbargoUntil: request.EmbargoUntil,
        Story: NullIfBlank(request.Story));

    public static ArticleCorrection ToCorrection(this CorrectArticleRequest request) =>
        new(request.Note!.Trim(), request.Headline?.Trim(), request.Summary?.Trim(), request.Body);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
