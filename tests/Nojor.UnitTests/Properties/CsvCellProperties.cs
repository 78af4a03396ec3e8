using System.Text;
using CsCheck;
using Nojor.Feedback.Export;

namespace Nojor.UnitTests.Properties;

public sealed class CsvCellProperties
{
    private static readonly Gen<string> Cells = Gen.Frequency((3, Generators.TrickyText), (1, Generators.AnyText));

    [Fact]
    public void A_row_of_cells_reads_back_as_the_same_cells_apart_from_the_formula_guard() =>
        Cells.List[1, 6].Sample(values =>
        {
            var line = string.Join(',', values.Select(CsvFormatter.Cell)) + "\r\n";

            var parsed = Assert.Single(Parse(line));

            Assert.Equal(values.Select(Guarded), parsed);
        });

    [Fact]
    public void No_cell_reads_back_as_something_a_spreadsheet_would_run_as_a_formula() =>
        Cells.Sample(value =>
        {
            var read = Assert.Single(Assert.Single(Parse(CsvFormatter.Cell(value) + "\r\n")));
            Assert.False(read.Length > 0 && read[0] is '=' or '+' or '-' or '@' or '\t' or '\r', read);
        });

    [Fact]
    public void Whole_exports_parse_into_the_header_and_one_record_per_row() =>
        Gen.Select(Cells, Cells, Cells).List[0, 4].Sample(rows =>
        {
            var exported = CsvFormatter.Format(rows.Select(r => new ExportRow(Guid.Empty, "comment", DateTimeOffset.UnixEpoch, null, null, "new",
                r.Item1, r.Item2, r.Item3, null, null, null)));

            var records = Parse(exported);

            Assert.Equal(rows.Count + 1, records.Count);
            Assert.All(records, record => Assert.Equal(12, record.Count));
            Assert.Equal(rows.Select(r => (Guarded(r.Item1), Guarded(r.Item2), Guarded(r.Item3))), records.Skip(1).Select(r => (r[6], r[7], r[8])));
        });

    /// <summary>The value a spreadsheet should show: the reader's text, with a quote before a leading formula character.</summary>
    private static string Guarded(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>A plain RFC 4180 reader: records end with CRLF outside quotes; "" inside quotes is one quote.</summary>
    private static List<List<string>> Parse(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                record.Add(cell.ToString());
                cell.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"unquoted {(int)c} in an unquoted cell of {csv}");
                cell.Append(c);
            }
        }
        Assert.False(quoted, "a quoted cell never closed");
        Assert.Equal(0, cell.Length + record.Count);
        return records;
    }
}
