namespace Nojor.Articles.Articles;

/// <summary>
/// The whole editable content of a report, already normalised (trimmed, lowercased where the field is a key, defaults
/// filled in). Editors' requests are mapped to it at the edge, so the report's rules never see an HTTP shape.
/// </summary>
/// <param name="Body">Markdown as the editor wrote it.</param>
/// <param name="Story">The title of the story the report belongs to, or null for none.</param>
public sealed record ArticleContent(
    string Headline,
    string? Summary,
    string Body,
    string Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<Place> Places,
    string? Dateline,
    string? Byline,
    string Language,
    int Urgency,
    bool IsBreaking,
    DateTimeOffset? EmbargoUntil,
    string? Story);

/// <summary>A correction: the public note readers see, and the corrected text (null fields stay as they are).</summary>
/// <param name="Body">Corrected Markdown, or null to keep the body.</param>
public sealed record ArticleCorrection(string Note, string? Headline, string? Summary, string? Body);

/// <summary>A body in the three forms a report keeps: the editor's Markdown, sanitised HTML, and plain text for search.</summary>
public sealed record ArticleBody(string Markdown, string Html, string Text);
