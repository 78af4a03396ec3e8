using System.Text.RegularExpressions;

namespace Nojor.Web.Desk;

/// <summary>A run of a paragraph's text, marked when it is one of the passages readers quoted.</summary>
public sealed record TextRun(string Text, bool Marked);

/// <summary>
/// Splits a report's Markdown body into paragraphs of plain text and marks every passage readers quoted. Readers quote
/// what they selected on the page, so emphasis and code marks are removed before looking, and case and runs of spaces do
/// not matter. The text is shown encoded, never as HTML.
/// </summary>
public static partial class PassageHighlighter
{
    public static IReadOnlyList<IReadOnlyList<TextRun>> Highlight(string body, IEnumerable<string> passages)
    {
        var wanted = passages.Select(Normalize).Where(p => p.Length > 0).Distinct().ToList();
        return [.. Paragraphs().Split(body.Replace("\r\n", "\n")).Select(p => Normalize(Markup().Replace(p, "")))
            .Where(p => p.Length > 0).Select(p => Mark(p, wanted))];
    }

    private static List<TextRun> Mark(string paragraph, List<string> passages)
    {
        var marked = new bool[paragraph.Length];
        foreach (var passage in passages)
        {
            for (var at = paragraph.IndexOf(passage, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = paragraph.IndexOf(passage, at + passage.Length, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(marked, true, at, passage.Length);
            }
        }
        var runs = new List<TextRun>();
        for (var start = 0; start < paragraph.Length;)
        {
            var end = start;
            while (end < paragraph.Length && marked[end] == marked[start])
            {
                end++;
            }
            runs.Add(new TextRun(paragraph[start..end], marked[start]));
            start = end;
        }
        return runs;
    }

    private static string Normalize(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex Paragraphs();

    [GeneratedRegex(@"[*_`#>]")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
