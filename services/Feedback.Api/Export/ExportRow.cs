namespace Nojor.Feedback.Export;

public enum ExportKind
{
    Bug,
    Idea,
    Praise,
    Other,
    Comment,
    Correction,
}

/// <summary>One feedback item of any kind, flattened for editors' spreadsheets and scripts.</summary>
public sealed record ExportRow(
    Guid Id,
    string Kind,
    DateTimeOffset CreatedAt,
    Guid? ArticleId,
    int? ArticleVersion,
    string? Status,
    string Text,
    string? QuotedPassage,
    string? SourceUrl,
    string? Page,
    string? ContactEmail,
    string? PublicReply);

public sealed record ExportDocument(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<string> Kinds, int Count, IReadOnlyList<ExportRow> Items);
