using System.Globalization;
using System.Text;

namespace Nojor.Feedback.Export;

/// <summary>RFC 4180 CSV that spreadsheets open safely.</summary>
public static class CsvFormatter
{
    private static readonly string[] Header =
        ["id", "kind", "created_at", "article_id", "article_version", "status", "text", "quoted_passage", "source_url", "page", "contact_email", "public_reply"];

    public static string Format(IEnumerable<ExportRow> rows)
    {
        var csv = new StringBuilder();
        AppendLine(csv, Header);
        foreach (var row in rows)
        {
            AppendLine(csv,
            [
                row.Id.ToString(), row.Kind, row.CreatedAt.ToString("O", CultureInfo.InvariantCulture), row.ArticleId?.ToString(),
                row.ArticleVersion?.ToString(CultureInfo.InvariantCulture), row.Status, row.Text, row.QuotedPassage, row.SourceUrl, row.Page,
                row.ContactEmail, row.PublicReply,
            ]);
        }
        return csv.ToString();
    }

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        // Readers write this text: a leading = + - @ would make a spreadsheet run it as a formula.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static void AppendLine(StringBuilder csv, IEnumerable<string?> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell));
        csv.Append("\r\n");
    }
}
