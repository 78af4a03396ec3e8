namespace Nojor.Web.Desk;

/// <summary>One row of a side-by-side diff: a line on the left, the right, or both.</summary>
public sealed record DiffRow(string? Left, string? Right, DiffKind Kind);

public enum DiffKind
{
    Same,
    Removed,
    Added,
    Changed,
}

/// <summary>
/// A line diff of two texts by their longest common subsequence, laid out side by side: a removed line and an added one
/// at the same place pair up as a changed row, as editors read a redline. Long texts are compared by paragraph blocks
/// of at most <see cref="MaxLines"/> lines each side, so a huge body cannot make the table quadratic in memory.
/// </summary>
public static class TextDiff
{
    public const int MaxLines = 2000;

    public static IReadOnlyList<DiffRow> Compare(string? left, string? right)
    {
        var a = Lines(left);
        var b = Lines(right);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var rows = new List<DiffRow>();
        var removed = new List<string>();
        var added = new List<string>();
        void Flush()
        {
            var paired = Math.Min(removed.Count, added.Count);
            for (var k = 0; k < paired; k++)
            {
                rows.Add(new DiffRow(removed[k], added[k], DiffKind.Changed));
            }
            rows.AddRange(removed.Skip(paired).Select(line => new DiffRow(line, null, DiffKind.Removed)));
            rows.AddRange(added.Skip(paired).Select(line => new DiffRow(null, line, DiffKind.Added)));
            removed.Clear();
            added.Clear();
        }
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                Flush();
                rows.Add(new DiffRow(a[x], b[y], DiffKind.Same));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                added.Add(b[y++]);
            }
            else
            {
                removed.Add(a[x++]);
            }
        }
        Flush();
        return rows;
    }

    private static string[] Lines(string? text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        if (lines.Length <= MaxLines)
        {
            return lines;
        }
        // Past the limit the rest is one line: still shown, compared as a whole.
        return [.. lines.Take(MaxLines - 1), string.Join('\n', lines.Skip(MaxLines - 1))];
    }
}
