using Nojor.Feedback.Export;

namespace Nojor.UnitTests.Feedback;

public sealed class CsvFormatterTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=SUM(A1:A2)", "'=SUM(A1:A2)")]
    [InlineData("+1", "'+1")]
    [InlineData("@cmd", "'@cmd")]
    public void Cells_are_quoted_per_rfc4180_and_formulas_are_neutralised(string? value, string expected) =>
        Assert.Equal(expected, CsvFormatter.Cell(value));

    [Fact]
    public void Rows_follow_the_header_with_crlf_line_ends()
    {
        var id = Guid.NewGuid();
        var csv = CsvFormatter.Format([new ExportRow(id, "bug", new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero), null, null, "new", "Broken, badly",
            null, null, "/", null, null)]);
        var lines = csv.Split("\r\n");
        Assert.Equal("id,kind,created_at,article_id,article_version,status,text,quoted_passage,source_url,page,contact_email,public_reply", lines[0]);
        Assert.Equal($"{id},bug,2026-11-29T01:00:00.0000000+00:00,,,new,\"Broken, badly\",,,/,,", lines[1]);
        Assert.Equal("", lines[2]);
    }
}
