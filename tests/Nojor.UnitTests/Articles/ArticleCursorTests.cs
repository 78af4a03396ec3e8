using Nojor.Articles.Reading;

namespace Nojor.UnitTests.Articles;

public sealed class ArticleCursorTests
{
    [Fact]
    public void A_cursor_round_trips_its_position()
    {
        var cursor = new ArticleCursor(new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero).AddTicks(1230), Guid.CreateVersion7());
        Assert.True(ArticleCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("AAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("__________________________________")]
    public void Anything_else_is_refused(string value) => Assert.False(ArticleCursor.TryDecode(value, out _));
}
